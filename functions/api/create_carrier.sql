-- api.create_carrier
CREATE OR REPLACE FUNCTION api.create_carrier(code text, name text, tracking_url_template text DEFAULT NULL)
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
    PERFORM auth.require_permission(v_tenant_id, 'api.create_carrier');
    PERFORM ops.require_text(create_carrier.code, 'code', '^[[:graph:]]{1,32}$', 'Pass a short code without spaces, such as ''DHL''.');
    PERFORM ops.require_text(create_carrier.name, 'name', '[^[:space:]]', 'Pass the carrier''s name.');
    PERFORM ops.require_trimmed(create_carrier.name, 'name');
    PERFORM ops.require_length(create_carrier.name, 'name', 500),
            ops.require_length(create_carrier.tracking_url_template, 'tracking_url_template', 2000);
    PERFORM logistics.require_tracking_url_template(
        create_carrier.tracking_url_template, 'For example https://track.example.com/?id={tracking_number}.'
    );
    INSERT INTO logistics.carrier AS c (tenant_id, code, name, tracking_url_template)
    VALUES (v_tenant_id, create_carrier.code, create_carrier.name, create_carrier.tracking_url_template)
    -- One message for a key taken, with the constraint the bare 23505 named
    -- (no DETAIL: row security hides the key), without a subtransaction.
    ON CONFLICT DO NOTHING
    RETURNING c.id INTO v_id;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'carrier code % is already used', create_carrier.code
            USING ERRCODE = '23505', CONSTRAINT = 'carrier_code_key',
                  DETAIL = 'Carrier codes are unique within a tenant.',
                  HINT = 'Pass another code; api.update_carrier changes the existing carrier.';
    END IF;
    RETURN v_id;
END
$$;

COMMENT ON FUNCTION api.create_carrier(text, text, text) IS
'Creates a carrier and returns its id. Errors: 42501, 22023 bad code, name or tracking URL, '
'23505 code already used by the tenant.';
