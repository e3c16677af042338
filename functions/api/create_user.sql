-- api.create_user
CREATE OR REPLACE FUNCTION api.create_user(
    email text,
    role text,
    password text DEFAULT NULL,
    display_name text DEFAULT NULL,
    supplier_id uuid DEFAULT NULL
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
    PERFORM auth.require_permission(v_tenant_id, 'api.create_user');
    IF create_user.email IS NULL
       OR create_user.email COLLATE pg_catalog."und-x-icu" !~ '^[^@[:space:][:cntrl:]]+@[^@[:space:][:cntrl:]]+$' THEN
        RAISE EXCEPTION 'email is not an email address'
            USING ERRCODE = '22023', DETAIL = format('email => %s.', ops.quoted_excerpt(create_user.email)),
                  HINT = 'Pass an address such as ann@example.com.';
    END IF;
    PERFORM ops.require_length(create_user.email, 'email', 320);
    PERFORM ops.require_length(create_user.display_name, 'display_name', 500);
    PERFORM ops.require_trimmed(create_user.display_name, 'display_name');
    PERFORM auth.require_role(create_user.role);
    IF (create_user.role = 'partner') <> (create_user.supplier_id IS NOT NULL) THEN
        RAISE EXCEPTION 'a partner, and only a partner, belongs to a supplier'
            USING ERRCODE = '22023',
                  DETAIL = format('role => %L, supplier_id => %s.', create_user.role,
                                  coalesce(create_user.supplier_id::text, 'NULL')),
                  HINT = 'Pass supplier_id for a partner (the supplier whose purchase orders it sees), '
                         'and for no other role.';
    END IF;
    IF create_user.supplier_id IS NOT NULL THEN
        PERFORM procurement.require_supplier(v_tenant_id, create_user.supplier_id);
    END IF;
    IF EXISTS (
        SELECT 1 FROM auth.app_user AS u
        WHERE u.tenant_id = v_tenant_id AND u.email_key = lower(normalize(create_user.email, NFC))
    ) THEN
        RAISE EXCEPTION 'a user with email % exists', create_user.email
            USING ERRCODE = '23505', DETAIL = 'Emails are unique per tenant, compared case-insensitively.',
                  HINT = 'Use the existing user, or another address.';
    END IF;
    INSERT INTO auth.app_user AS u (tenant_id, email, display_name, role, password_hash, supplier_id)
    VALUES (
        v_tenant_id, create_user.email, create_user.display_name, create_user.role::auth.user_role,
        CASE WHEN create_user.password IS NOT NULL THEN auth.hash_password(create_user.password) END,
        create_user.supplier_id
    )
    RETURNING u.id INTO v_id;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION api.create_user(text, text, text, text, uuid) IS
'Creates an application user of the tenant and returns its id; the password (at least 12 characters, '
'at most 72 bytes) is stored as a bcrypt hash, and a user without one cannot authenticate. A partner '
'names the supplier whose purchase orders it sees (supplier_id), and only a partner does. Admins or '
'system work only. Errors: 42501, 22023 bad email (at most 320 characters), a display_name with blanks around '
'it, role, password or '
'supplier_id for the role, SD404 unknown supplier, 23505 email already used.';
