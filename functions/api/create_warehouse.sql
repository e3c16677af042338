-- api.create_warehouse
CREATE OR REPLACE FUNCTION api.create_warehouse(
    code text,
    name text,
    address jsonb DEFAULT '{}',
    timezone text DEFAULT 'UTC'
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
    v_id uuid;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.create_warehouse');
    PERFORM ops.require_shallow_json(create_warehouse.address, 'address');
    PERFORM ops.require_text(create_warehouse.code, 'code', '^[[:graph:]]{1,32}$', 'Pass a short code without spaces, such as ''BER-1''.');
    PERFORM ops.require_text(create_warehouse.name, 'name', '[^[:space:]]', 'Pass the warehouse''s name.');
    PERFORM ops.require_trimmed(create_warehouse.name, 'name');
    PERFORM ops.require_length(create_warehouse.name, 'name', 500);
    PERFORM ops.require_json_object(
        create_warehouse.address, 'address', 'Pass {"line1": ..., "city": ..., "postcode": ..., "country": ...}.'
    );
    -- Bounded before it goes into the message (a 100,000-character one came back whole).
    PERFORM ops.require_length(create_warehouse.timezone, 'timezone', 100);
    IF create_warehouse.timezone IS NULL OR NOT ops.is_valid_timezone(create_warehouse.timezone) THEN
        RAISE EXCEPTION 'unknown time zone %', ops.named(create_warehouse.timezone)
            USING ERRCODE = '22023', DETAIL = format('timezone => %s.', ops.quoted_excerpt(create_warehouse.timezone)),
                  HINT = 'Pass an IANA time zone such as ''Europe/Berlin''.';
    END IF;
    INSERT INTO warehouse.warehouse AS w (tenant_id, code, name, address, timezone)
    VALUES (v_tenant_id, create_warehouse.code, create_warehouse.name, coalesce(create_warehouse.address, '{}'),
            create_warehouse.timezone)
    -- One message for a key taken, with the constraint the bare 23505 named
    -- (no DETAIL: row security hides the key), without a subtransaction.
    ON CONFLICT DO NOTHING
    RETURNING w.id INTO v_id;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'warehouse code % is already used', create_warehouse.code
            USING ERRCODE = '23505', CONSTRAINT = 'warehouse_code_key',
                  DETAIL = 'Warehouse codes are unique within a tenant.',
                  HINT = 'Pass another code; api.update_warehouse changes the existing warehouse.';
    END IF;
    RETURN v_id;
END
$$;

COMMENT ON FUNCTION api.create_warehouse(text, text, jsonb, text) IS
'Creates a warehouse and returns its id. Errors: 42501, 22023 bad code, name, address or time zone, '
'23505 code already used by the tenant.';
