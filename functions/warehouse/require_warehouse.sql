-- An active warehouse of the tenant, or a clear error.
CREATE OR REPLACE FUNCTION warehouse.require_warehouse(tenant_id uuid, warehouse_id uuid)
RETURNS warehouse.warehouse
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_warehouse warehouse.warehouse;
BEGIN
    IF require_warehouse.warehouse_id IS NULL THEN
        RAISE EXCEPTION 'warehouse_id must not be null'
            USING ERRCODE = '22023', DETAIL = 'warehouse_id => NULL names no warehouse.',
                  HINT = 'Pass the id of one of your warehouses.';
    END IF;
    SELECT w.* INTO v_warehouse
    FROM warehouse.warehouse AS w
    WHERE w.tenant_id = require_warehouse.tenant_id AND w.id = require_warehouse.warehouse_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'warehouse % not found', require_warehouse.warehouse_id
            USING ERRCODE = 'SD404', DETAIL = 'No warehouse with this id belongs to the calling tenant.',
                  HINT = 'Check the id.';
    END IF;
    IF NOT v_warehouse.active THEN
        RAISE EXCEPTION 'warehouse % is inactive', v_warehouse.code
            USING ERRCODE = '22023',
                  DETAIL = format('warehouse_id => %s: warehouse %s is marked inactive.', v_warehouse.id, v_warehouse.code),
                  HINT = 'Reactivate it first (api.update_warehouse with active => true).';
    END IF;
    RETURN v_warehouse;
END
$$;
COMMENT ON FUNCTION warehouse.require_warehouse(uuid, uuid) IS
'The tenant''s active warehouse with this id; SD404 when missing, 22023 when inactive.';
