-- api.update_customer: change what is given (NULL leaves a field as it is).
CREATE OR REPLACE FUNCTION api.update_customer(
    customer_id uuid,
    version integer,
    name text DEFAULT NULL,
    email text DEFAULT NULL,
    phone text DEFAULT NULL,
    billing_address jsonb DEFAULT NULL,
    shipping_address jsonb DEFAULT NULL,
    active boolean DEFAULT NULL,
    clear text[] DEFAULT NULL
)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_customer sales.customer;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_customer');
    PERFORM ops.require_id(update_customer.customer_id, 'customer_id', 'customer');
    PERFORM ops.require_clearable(
        update_customer.clear, ARRAY['email', 'phone'],
        jsonb_build_object('email', update_customer.email, 'phone', update_customer.phone)
    );
    PERFORM ops.require_email(update_customer.email);
    PERFORM ops.require_length(update_customer.name, 'name', 500),
            ops.require_length(update_customer.phone, 'phone', 50);
    PERFORM ops.require_json_object(update_customer.billing_address, 'billing_address',
                                    'Pass {"line1": ..., "city": ...}, or NULL to keep it.'),
            ops.require_json_object(update_customer.shipping_address, 'shipping_address',
                                    'Pass {"line1": ..., "city": ...}, or NULL to keep it.'),
            ops.require_unblank(update_customer.name, 'name');
    PERFORM ops.require_trimmed(update_customer.name, 'name');
    PERFORM ops.require_shallow_json(update_customer.billing_address, 'billing_address'),
            ops.require_shallow_json(update_customer.shipping_address, 'shipping_address');
    -- NO KEY UPDATE, as the UPDATE below takes: calls under way that take the row
    -- FOR KEY SHARE (their foreign keys) neither wait for this nor hold it up.
    SELECT c.* INTO v_customer
    FROM sales.customer AS c
    WHERE c.tenant_id = v_tenant_id AND c.id = update_customer.customer_id AND c.deleted_at IS NULL
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'customer % not found', update_customer.customer_id
            USING ERRCODE = 'SD404', DETAIL = 'No live customer with this id belongs to the calling tenant.',
                  HINT = 'Check the id.';
    END IF;
    PERFORM ops.check_version('customer', v_customer.id, update_customer.version, v_customer.version);
    UPDATE sales.customer AS c
    SET name = coalesce(update_customer.name, c.name),
        email = ops.kept_or_cleared(update_customer.email, c.email, 'email' = ANY (update_customer.clear)),
        phone = ops.kept_or_cleared(update_customer.phone, c.phone, 'phone' = ANY (update_customer.clear)),
        billing_address = coalesce(update_customer.billing_address, c.billing_address),
        shipping_address = coalesce(update_customer.shipping_address, c.shipping_address),
        active = coalesce(update_customer.active, c.active)
    WHERE c.tenant_id = v_tenant_id AND c.id = v_customer.id
    RETURNING c.version INTO v_version;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.update_customer(uuid, integer, text, text, text, jsonb, jsonb, boolean, text[]) IS
'Changes the given fields of a customer (NULL keeps a field; clear names those to empty: email, phone) and '
'returns the new version. Errors: 42501, 22023 no customer_id, no version, a malformed or too long '
'email, a blank or too long name or phone, a name with blanks around it, an address that is no JSON object or '
'is nested '
'32 levels deep, or a field clear cannot empty or that is also given, SD404, SD004 stale version.';
