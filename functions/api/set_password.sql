-- api.set_password
CREATE OR REPLACE FUNCTION api.set_password(user_id uuid, password text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.set_password');
    PERFORM ops.require_id(set_password.user_id, 'user_id', 'user');
    IF set_password.user_id IS DISTINCT FROM auth.current_user_id() THEN
        PERFORM auth.require_admin(v_tenant_id, 'set another user''s password');
    END IF;
    -- A new password also lifts a lock and forgets failed attempts.
    UPDATE auth.app_user AS u
    SET password_hash = auth.hash_password(set_password.password), failed_login_count = 0, locked_until = NULL
    WHERE u.tenant_id = v_tenant_id AND u.id = set_password.user_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'user % not found', set_password.user_id
            USING ERRCODE = 'SD404', DETAIL = 'No user of this tenant has this id.',
                  HINT = 'Pass the id api.create_user returned.';
    END IF;
END
$$;
COMMENT ON FUNCTION api.set_password(uuid, text) IS
'Sets a user''s password (at least 12 characters, at most 72 bytes: bcrypt reads no further; stored as '
'bcrypt) and lifts a login lock. The user themselves, an admin, or system work. Errors: 42501, 22023 no '
'user_id, bad password, SD404 no such user.';
