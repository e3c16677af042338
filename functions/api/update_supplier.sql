-- api.update_supplier: change what is given (NULL leaves a field as it is).
CREATE OR REPLACE FUNCTION api.update_supplier(
    supplier_id uuid,
    version integer,
    name text DEFAULT NULL,
    email text DEFAULT NULL,
    phone text DEFAULT NULL,
    address jsonb DEFAULT NULL,
    lead_time_days integer DEFAULT NULL,
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
    v_supplier procurement.supplier;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_supplier');
    PERFORM ops.require_id(update_supplier.supplier_id, 'supplier_id', 'supplier');
    PERFORM ops.require_clearable(
        update_supplier.clear, ARRAY['email', 'phone', 'lead_time_days'],
        jsonb_build_object(
            'email', update_supplier.email,
            'phone', update_supplier.phone,
            'lead_time_days', update_supplier.lead_time_days
        )
    );
    PERFORM ops.require_email(update_supplier.email);
    PERFORM ops.require_length(update_supplier.name, 'name', 500),
            ops.require_length(update_supplier.phone, 'phone', 50);
    PERFORM ops.require_shallow_json(update_supplier.address, 'address');
    PERFORM ops.require_json_object(update_supplier.address, 'address', 'Pass {"line1": ..., "city": ...}, or NULL to keep it.'),
            ops.require_unblank(update_supplier.name, 'name');
    PERFORM ops.require_trimmed(update_supplier.name, 'name');
    PERFORM ops.require_lead_time_days(
        update_supplier.lead_time_days,
        'Pass the typical days from order to receipt; clear => ''{lead_time_days}'' empties it.'
    );
    -- NO KEY UPDATE, as the UPDATE below takes: calls under way that take the row
    -- FOR KEY SHARE (their foreign keys) neither wait for this nor hold it up.
    SELECT s.* INTO v_supplier
    FROM procurement.supplier AS s
    WHERE s.tenant_id = v_tenant_id AND s.id = update_supplier.supplier_id AND s.deleted_at IS NULL
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'supplier % not found', update_supplier.supplier_id
            USING ERRCODE = 'SD404', DETAIL = 'No live supplier with this id belongs to the calling tenant.',
                  HINT = 'Check the id.';
    END IF;
    PERFORM ops.check_version('supplier', v_supplier.id, update_supplier.version, v_supplier.version);
    UPDATE procurement.supplier AS s
    SET name = coalesce(update_supplier.name, s.name),
        email = ops.kept_or_cleared(update_supplier.email, s.email, 'email' = ANY (update_supplier.clear)),
        phone = ops.kept_or_cleared(update_supplier.phone, s.phone, 'phone' = ANY (update_supplier.clear)),
        address = coalesce(update_supplier.address, s.address),
        lead_time_days = ops.kept_or_cleared(
            update_supplier.lead_time_days, s.lead_time_days, 'lead_time_days' = ANY (update_supplier.clear)
        ),
        active = coalesce(update_supplier.active, s.active)
    WHERE s.tenant_id = v_tenant_id AND s.id = v_supplier.id
    RETURNING s.version INTO v_version;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.update_supplier(uuid, integer, text, text, text, jsonb, integer, boolean, text[]) IS
'Changes the given fields of a supplier (NULL keeps a field; clear names those to empty: email, phone, '
'lead_time_days) and returns the new version. Errors: 42501, 22023 no supplier_id, no version, a malformed or too long '
'email, a blank or too long name or phone, a name with blanks around it, an address that is no JSON object or '
'is nested 32 levels deep, a '
'lead_time_days outside 0 to 3650, or a field clear cannot empty or that is also given, SD404, '
'SD004 stale version.';
