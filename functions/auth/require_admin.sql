-- Managing users is an admin's work, or the system's (no user in the context).
CREATE OR REPLACE FUNCTION auth.require_admin(tenant_id uuid, action text)
RETURNS void
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_user uuid := auth.current_user_id();
    v_role auth.user_role;
BEGIN
    IF v_user IS NULL THEN
        RETURN;
    END IF;
    SELECT u.role INTO v_role
    FROM auth.app_user AS u
    WHERE u.tenant_id = require_admin.tenant_id AND u.id = v_user AND u.active;
    IF v_role IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only an admin may %', require_admin.action
            USING ERRCODE = '42501',
                  DETAIL = format('User %s has role %s.', v_user, coalesce(v_role::text, 'none (inactive or unknown)')),
                  HINT = 'Ask an admin of the tenant, or run it as system work (api.set_context with user_id => NULL).';
    END IF;
END
$$;
COMMENT ON FUNCTION auth.require_admin(uuid, text) IS
'Raises 42501 unless the context''s user is an active admin of the tenant, or there is no user (system work).';
