-- api.revoke_user_tokens
CREATE OR REPLACE FUNCTION api.revoke_user_tokens(user_id uuid)
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_count bigint;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.revoke_user_tokens');
    PERFORM ops.require_id(revoke_user_tokens.user_id, 'user_id', 'user');
    IF revoke_user_tokens.user_id IS DISTINCT FROM auth.current_user_id() THEN
        PERFORM auth.require_admin(v_tenant_id, 'revoke another user''s tokens');
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM auth.app_user AS u WHERE u.tenant_id = v_tenant_id AND u.id = revoke_user_tokens.user_id
    ) THEN
        RAISE EXCEPTION 'user % not found', revoke_user_tokens.user_id
            USING ERRCODE = 'SD404', DETAIL = 'No user of this tenant has this id.',
                  HINT = 'Pass the id api.create_user returned.';
    END IF;
    -- A token issued after this transaction began is revoked at its issue time, not before it.
    UPDATE auth.refresh_token AS t SET revoked_at = greatest(now(), t.created_at)
    WHERE t.tenant_id = v_tenant_id AND t.user_id = revoke_user_tokens.user_id AND t.revoked_at IS NULL
      AND t.expires_at > now();
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION api.revoke_user_tokens(uuid) IS
'Revokes every live refresh token of a user (sign out everywhere) and returns how many. The user, an '
'admin, or system work. Errors: 42501, 22023 no user_id, SD404 no such user.';
