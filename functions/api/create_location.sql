-- api.create_location
CREATE OR REPLACE FUNCTION api.create_location(
    warehouse_id uuid,
    code text,
    kind text DEFAULT 'storage',
    capacity numeric DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_warehouse warehouse.warehouse;
    v_id uuid;
    v_kind warehouse.location_kind;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.create_location');
    v_warehouse := warehouse.require_warehouse(v_tenant_id, create_location.warehouse_id);
    PERFORM ops.require_text(create_location.code, 'code', '^[[:graph:]]{1,32}$', 'Pass a short code without spaces, such as ''A-01-3''.');
    IF create_location.kind IS NULL THEN
        RAISE EXCEPTION 'kind must not be null'
            USING ERRCODE = '22023', DETAIL = 'kind => NULL names no kind of location.',
                  HINT = 'Pass receiving, storage, picking, shipping or quarantine.';
    END IF;
    v_kind := warehouse.require_location_kind(create_location.kind);
    PERFORM ops.require_finite(create_location.capacity, 'capacity');
    IF create_location.capacity <= 0 THEN
        RAISE EXCEPTION 'capacity must be positive'
            USING ERRCODE = '22023', DETAIL = format('capacity => %s.', create_location.capacity),
                  HINT = 'Pass NULL for a location without a limit.';
    END IF;
    INSERT INTO warehouse.location AS l (tenant_id, warehouse_id, code, kind, capacity)
    VALUES (v_tenant_id, v_warehouse.id, create_location.code, v_kind, create_location.capacity)
    -- One message for a key taken, with the constraint the bare 23505 named
    -- (no DETAIL: row security hides the key), without a subtransaction.
    ON CONFLICT DO NOTHING
    RETURNING l.id INTO v_id;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'location code % is already used in warehouse %', create_location.code, v_warehouse.code
            USING ERRCODE = '23505', CONSTRAINT = 'location_code_key',
                  DETAIL = 'Location codes are unique within a warehouse.',
                  HINT = 'Pass another code; api.update_location changes the existing location.';
    END IF;
    RETURN v_id;
END
$$;

COMMENT ON FUNCTION api.create_location(uuid, text, text, numeric) IS
'Creates a location (bin, shelf, area) in a warehouse and returns its id. Errors: 42501, 22023, '
'SD404 unknown warehouse, 23505 code already used in the warehouse.';
