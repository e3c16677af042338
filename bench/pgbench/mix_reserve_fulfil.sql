-- The other half of the mix: one unit of a random product reserved and
-- fulfilled, as reserve_fulfil.sql does on the hot SKU.
\set n random(1, :products)
BEGIN;
SELECT api.set_context(:tenant);
SELECT api.reserve_stock(
    gen_random_uuid()::text, (SELECT bp.id FROM public.bench_product AS bp WHERE bp.n = :n), :warehouse, 1
) AS rid \gset
SELECT api.fulfil_reservation(gen_random_uuid()::text, ':rid');
END;
