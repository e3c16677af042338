-- api.list_users: the tenant's users as an admin manages them. A function,
-- not a report view: analysts read every report, and the user list is an
-- admin's.
CREATE OR REPLACE FUNCTION api.list_users()
RETURNS TABLE (
    user_id uuid,
    email text,
    display_name text,
    role auth.user_role,
    active boolean,
    supplier_id uuid,
    last_login_at timestamptz,
    locked_until timestamptz,
    version integer,
    created_at timestamptz
)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.list_users');
    RETURN QUERY
    SELECT u.id, u.email, u.display_name, u.role, u.active, u.supplier_id, u.last_login_at,
           u.locked_until, u.version, u.created_at
    FROM auth.app_user AS u
    WHERE u.tenant_id = v_tenant_id
    ORDER BY u.email_key;
END
$$;

COMMENT ON FUNCTION api.list_users() IS
'The tenant''s users, by email: role, active, a partner''s supplier, last login, a login lock, and version '
'(what api.update_user takes). Admins or system work only. Errors: 42501.';
