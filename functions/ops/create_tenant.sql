-- ops.create_tenant: a new company on this database, with its first admin.
-- The operator's work (a superuser, or a stockdb_maintenance login), not an
-- application's: no tenant context names who would be allowed to.
CREATE OR REPLACE FUNCTION ops.create_tenant(code text, name text, admin_email text DEFAULT 'admin@localhost')
RETURNS TABLE (tenant_id uuid, admin_user_id uuid)
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid;
    v_admin_id uuid;
BEGIN
    PERFORM ops.require_text(create_tenant.code, 'code', '^[a-z0-9][a-z0-9_-]{0,62}$',
                             'Lower case letters, digits, - and _, at most 63 and not starting with - or _: acme, north-2.');
    PERFORM ops.require_text(create_tenant.name, 'name', '[^[:space:]]', 'Give the company''s name.');
    PERFORM ops.require_length(btrim(create_tenant.name), 'name', 500);
    IF create_tenant.admin_email IS NULL
       OR create_tenant.admin_email COLLATE pg_catalog."und-x-icu" !~ '^[^@[:space:][:cntrl:]]+@[^@[:space:][:cntrl:]]+$' THEN
        RAISE EXCEPTION 'admin_email is not an email address'
            USING ERRCODE = '22023', DETAIL = format('admin_email => %s.', ops.quoted_excerpt(create_tenant.admin_email)),
                  HINT = 'Pass an address such as admin@example.com.';
    END IF;
    PERFORM ops.require_length(create_tenant.admin_email, 'admin_email', 320);
    INSERT INTO auth.tenant AS t (code, name)
    VALUES (create_tenant.code, btrim(create_tenant.name))
    ON CONFLICT ON CONSTRAINT tenant_code_key DO NOTHING
    RETURNING t.id INTO v_tenant_id;
    IF v_tenant_id IS NULL THEN
        RAISE EXCEPTION 'a tenant with code % exists', create_tenant.code
            USING ERRCODE = '23505', DETAIL = 'Tenant codes are unique in a database.',
                  HINT = 'Pick another code, or list the tenants (stockdb tenant list).';
    END IF;
    -- No password: the admin gets one from api.set_password as system work.
    INSERT INTO auth.app_user AS u (tenant_id, email, role)
    VALUES (v_tenant_id, create_tenant.admin_email, 'admin')
    RETURNING u.id INTO v_admin_id;
    RETURN QUERY SELECT v_tenant_id, v_admin_id;
END
$$;
COMMENT ON FUNCTION ops.create_tenant(text, text, text) IS
'Creates a tenant and its first admin (admin_email, default admin@localhost, without a password: set one '
'with api.set_password as system work) and returns both ids. Errors: 22023 missing or malformed code, name or email, '
'a name over 500 characters, 23505 code already used.';
