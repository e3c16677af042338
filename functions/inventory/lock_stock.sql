-- One lock per tenant × product × warehouse, always taken in ascending key
-- order: every call that moves stock takes all its locks here, first, so no
-- two calls can wait on each other in a cycle.
CREATE OR REPLACE FUNCTION inventory.lock_stock(tenant_id uuid, product_id uuid, warehouse_ids uuid[])
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_key bigint;
BEGIN
    FOR v_key IN
        SELECT DISTINCT hashtextextended(lock_stock.tenant_id::text || '/' || lock_stock.product_id::text || '/' || w, 0)
        FROM unnest(lock_stock.warehouse_ids) AS w
        ORDER BY 1
    LOOP
        PERFORM pg_advisory_xact_lock(v_key);
    END LOOP;
END
$$;
COMMENT ON FUNCTION inventory.lock_stock(uuid, uuid, uuid[]) IS
'Takes the transaction locks for a product''s stock in the given warehouses, in a fixed global order.';
