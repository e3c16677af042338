-- The warehouses a cycle-count batch names (the known ones): the stock its
-- check and its apply hold (inventory.lock_warehouse_stock).
CREATE OR REPLACE FUNCTION staging.cycle_count_warehouses(tenant_id uuid, batch_id uuid)
RETURNS uuid[]
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT array_agg(DISTINCT w.id)
    FROM staging.cycle_count_row AS r
    JOIN warehouse.warehouse AS w ON w.tenant_id = r.tenant_id AND w.code = staging.to_text(r.warehouse)
    WHERE r.tenant_id = cycle_count_warehouses.tenant_id AND r.batch_id = cycle_count_warehouses.batch_id
$$;
COMMENT ON FUNCTION staging.cycle_count_warehouses(uuid, uuid) IS
'The ids of the known warehouses a cycle-count batch''s rows name (NULL when none).';
