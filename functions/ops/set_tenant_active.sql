-- ops.set_tenant_active: suspend a tenant, or bring it back. An inactive
-- tenant's calls fail at api.set_context (42501); its rows stay as they are.
CREATE OR REPLACE FUNCTION ops.set_tenant_active(code text, active boolean)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid;
BEGIN
    IF set_tenant_active.active IS NULL THEN
        RAISE EXCEPTION 'active must be true or false'
            USING ERRCODE = '22023', DETAIL = 'ops.set_tenant_active was called with active => NULL.',
                  HINT = 'Pass true to reactivate the tenant, false to suspend it.';
    END IF;
    UPDATE auth.tenant AS t SET active = set_tenant_active.active
    WHERE t.code = set_tenant_active.code
    RETURNING t.id INTO v_tenant_id;
    IF v_tenant_id IS NULL THEN
        -- Named as the api's messages name a value (ops.named): an empty code read
        -- "tenant  not found", and a control character went out raw.
        RAISE EXCEPTION 'tenant % not found', ops.named(set_tenant_active.code)
            USING ERRCODE = 'SD404',
                  DETAIL = format('No row of auth.tenant has code => %s.', ops.quoted_excerpt(set_tenant_active.code)),
                  HINT = 'List the tenants with stockdb tenant list.';
    END IF;
    RETURN v_tenant_id;
END
$$;
COMMENT ON FUNCTION ops.set_tenant_active(text, boolean) IS
'Suspends (false) or reactivates (true) the tenant with this code and returns its id; an inactive tenant''s '
'calls fail at api.set_context with 42501. Errors: 22023 active NULL, SD404 unknown code.';
