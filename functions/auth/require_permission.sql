-- The one place an application role is checked against auth.api_permission.
-- System work (no user in the context) is not gated: it is how migrations,
-- imports and maintenance act.
CREATE OR REPLACE FUNCTION auth.require_permission(tenant_id uuid, function_name text)
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
    WHERE u.tenant_id = require_permission.tenant_id AND u.id = v_user AND u.active;
    IF v_role IS NULL THEN
        RAISE EXCEPTION 'user % is not an active user of this tenant', v_user
            USING ERRCODE = '42501',
                  DETAIL = format('%s was called by a user that is inactive or unknown.', require_permission.function_name),
                  HINT = 'Set the context with an active user''s id (api.set_context).';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM auth.api_permission AS p
        WHERE p.function_name = require_permission.function_name AND v_role = ANY (p.roles)
    ) THEN
        RAISE EXCEPTION 'role % may not call %', v_role, require_permission.function_name
            USING ERRCODE = '42501',
                  DETAIL = format('auth.api_permission allows %s to %s.', require_permission.function_name,
                                  coalesce((SELECT array_to_string(p.roles, ', ') FROM auth.api_permission AS p
                                            WHERE p.function_name = require_permission.function_name), 'no role')),
                  HINT = 'Ask a user whose role may, or an admin to change your role.';
    END IF;
END
$$;
COMMENT ON FUNCTION auth.require_permission(uuid, text) IS
'Raises 42501 unless the context''s user is active in the tenant and its role may call function_name '
'(auth.api_permission); system work without a user passes.';
