-- One lock per tenant × product × warehouse, always taken in ascending key
-- order: every call that moves stock takes all its locks here, before it
-- changes anything, so no two calls can wait on each other in a cycle.
-- Taking a lock already held is free, so helpers may ask again.
CREATE OR REPLACE FUNCTION inventory.lock_stock(tenant_id uuid, product_ids uuid[], warehouse_ids uuid[])
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_key bigint;
BEGIN
    FOR v_key IN
        SELECT DISTINCT hashtextextended(lock_stock.tenant_id::text || '/' || p || '/' || w, 0)
        FROM unnest(lock_stock.product_ids) AS p
        CROSS JOIN unnest(lock_stock.warehouse_ids) AS w
        ORDER BY 1
    LOOP
        PERFORM pg_advisory_xact_lock(v_key);
    END LOOP;
END
$$;
COMMENT ON FUNCTION inventory.lock_stock(uuid, uuid[], uuid[]) IS
'Takes the transaction locks for the stock of every given product in every given warehouse, '
'in a fixed global order.';
