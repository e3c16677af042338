-- One positive adjustment of a random product: the common single-row movement.
\set n random(1, :products)
BEGIN;
SELECT api.set_context(:tenant);
SELECT api.record_movement(
    gen_random_uuid()::text, 'adjustment', (SELECT bp.id FROM public.bench_product AS bp WHERE bp.n = :n),
    :location, 1, NULL, 'bench'
);
END;
