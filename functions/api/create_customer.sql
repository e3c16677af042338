-- api.create_customer
CREATE OR REPLACE FUNCTION api.create_customer(
    code text,
    name text,
    email text DEFAULT NULL,
    phone text DEFAULT NULL,
    billing_address jsonb DEFAULT '{}',
    shipping_address jsonb DEFAULT '{}'
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
    PERFORM auth.require_permission(v_tenant_id, 'api.create_customer');
    PERFORM ops.require_shallow_json(create_customer.billing_address, 'billing_address'),
            ops.require_shallow_json(create_customer.shipping_address, 'shipping_address');
    PERFORM ops.require_text(create_customer.code, 'code', '^[[:graph:]]{1,32}$', 'Pass a short code without spaces.');
    PERFORM ops.require_text(create_customer.name, 'name', '[^[:space:]]', 'Pass the customer''s name.');
    PERFORM ops.require_trimmed(create_customer.name, 'name');
    PERFORM ops.require_length(create_customer.name, 'name', 500),
            ops.require_length(create_customer.phone, 'phone', 50);
    PERFORM ops.require_email(create_customer.email);
    PERFORM ops.require_json_object(create_customer.billing_address, 'billing_address', 'Pass {"line1": ..., "city": ...}.'),
            ops.require_json_object(create_customer.shipping_address, 'shipping_address', 'Pass {"line1": ..., "city": ...}.');
    INSERT INTO sales.customer AS c (tenant_id, code, name, email, phone, billing_address, shipping_address)
    VALUES (v_tenant_id, create_customer.code, create_customer.name, create_customer.email, create_customer.phone,
            coalesce(create_customer.billing_address, '{}'), coalesce(create_customer.shipping_address, '{}'))
    -- One message for a key taken, with the constraint the bare 23505 named
    -- (no DETAIL: row security hides the key), without a subtransaction.
    ON CONFLICT DO NOTHING
    RETURNING c.id INTO v_id;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'customer code % is already used', create_customer.code
            USING ERRCODE = '23505', CONSTRAINT = 'customer_code_live_key',
                  DETAIL = 'Customer codes are unique among a tenant''s live customers.',
                  HINT = 'Pass another code; api.update_customer changes the existing customer.';
    END IF;
    RETURN v_id;
END
$$;

COMMENT ON FUNCTION api.create_customer(text, text, text, text, jsonb, jsonb) IS
'Creates a customer and returns its id. Errors: 42501, 22023 bad code, name, email (at most 320 characters) or '
'addresses, '
'23505 code already used by a live customer.';
