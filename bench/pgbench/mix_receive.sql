-- Half of the mix (8 clients, with mix_reserve_fulfil.sql): one unit of a
-- random product received, as a delivery without a purchase order.
\set n random(1, :products)
BEGIN;
SELECT api.set_context(:tenant);
SELECT api.receive_stock(
    gen_random_uuid()::text, (SELECT bp.id FROM public.bench_product AS bp WHERE bp.n = :n), :location, 1
);
END;
