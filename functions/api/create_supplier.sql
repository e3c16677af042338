-- api.create_supplier
CREATE OR REPLACE FUNCTION api.create_supplier(
    code text,
    name text,
    email text DEFAULT NULL,
    phone text DEFAULT NULL,
    address jsonb DEFAULT '{}',
    lead_time_days integer DEFAULT NULL
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
    PERFORM auth.require_permission(v_tenant_id, 'api.create_supplier');
    PERFORM ops.require_shallow_json(create_supplier.address, 'address');
    PERFORM ops.require_text(create_supplier.code, 'code', '^[[:graph:]]{1,32}$', 'Pass a short code without spaces.');
    PERFORM ops.require_text(create_supplier.name, 'name', '[^[:space:]]', 'Pass the supplier''s name.');
    PERFORM ops.require_trimmed(create_supplier.name, 'name');
    PERFORM ops.require_length(create_supplier.name, 'name', 500),
            ops.require_length(create_supplier.phone, 'phone', 50);
    PERFORM ops.require_email(create_supplier.email);
    PERFORM ops.require_json_object(create_supplier.address, 'address', 'Pass {"line1": ..., "city": ...}.');
    PERFORM ops.require_lead_time_days(create_supplier.lead_time_days, 'Pass the typical days from order to receipt, or NULL.');
    INSERT INTO procurement.supplier AS s (tenant_id, code, name, email, phone, address, lead_time_days)
    VALUES (v_tenant_id, create_supplier.code, create_supplier.name, create_supplier.email, create_supplier.phone,
            coalesce(create_supplier.address, '{}'), create_supplier.lead_time_days)
    -- One message for a key taken, with the constraint the bare 23505 named
    -- (no DETAIL: row security hides the key), without a subtransaction.
    ON CONFLICT DO NOTHING
    RETURNING s.id INTO v_id;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'supplier code % is already used', create_supplier.code
            USING ERRCODE = '23505', CONSTRAINT = 'supplier_code_live_key',
                  DETAIL = 'Supplier codes are unique among a tenant''s live suppliers.',
                  HINT = 'Pass another code; api.update_supplier changes the existing supplier.';
    END IF;
    RETURN v_id;
END
$$;

COMMENT ON FUNCTION api.create_supplier(text, text, text, text, jsonb, integer) IS
'Creates a supplier and returns its id. Errors: 42501, 22023 bad code, name, email (at most 320 '
'characters), address or lead time, '
'23505 code already used by a live supplier.';
