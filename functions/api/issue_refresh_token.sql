-- api.issue_refresh_token
CREATE OR REPLACE FUNCTION api.issue_refresh_token(user_id uuid DEFAULT NULL, ttl interval DEFAULT '30 days')
RETURNS TABLE (refresh_token text, expires_at timestamptz)
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
#variable_conflict use_column
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_user uuid := coalesce(issue_refresh_token.user_id, auth.current_user_id());
    v_token record;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.issue_refresh_token');
    IF v_user IS NULL THEN
        RAISE EXCEPTION 'no user to issue a token to'
            USING ERRCODE = '22023', DETAIL = 'user_id is NULL and the context names no user.',
                  HINT = 'Pass the id api.authenticate returned.';
    END IF;
    IF v_user IS DISTINCT FROM auth.current_user_id() THEN
        PERFORM auth.require_admin(v_tenant_id, 'issue tokens to another user');
    END IF;
    IF issue_refresh_token.ttl IS NULL OR issue_refresh_token.ttl < interval '1 minute'
       OR issue_refresh_token.ttl > interval '365 days' THEN
        RAISE EXCEPTION 'ttl must be between 1 minute and 365 days'
            USING ERRCODE = '22023', DETAIL = format('ttl => %L.', issue_refresh_token.ttl),
                  HINT = 'Leave it at its default of 30 days.';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM auth.app_user AS u WHERE u.tenant_id = v_tenant_id AND u.id = v_user AND u.active
    ) THEN
        RAISE EXCEPTION 'user % not found', v_user
            USING ERRCODE = 'SD404', DETAIL = 'No active user of this tenant has this id.',
                  HINT = 'Pass the id api.authenticate returned.';
    END IF;
    SELECT * INTO v_token
    FROM auth.new_refresh_token(v_tenant_id, v_user, ops.uuid_v7(), now() + issue_refresh_token.ttl);
    RETURN QUERY SELECT v_token.refresh_token, now() + issue_refresh_token.ttl;
END
$$;
COMMENT ON FUNCTION api.issue_refresh_token(uuid, interval) IS
'Issues a refresh token (a new family) to a user, by default the context''s, and returns it with its expiry; '
'it is returned once '
'and only its SHA-256 is kept. Another user''s needs an admin or system work. Errors: 42501, 22023 no user '
'or ttl outside 1 minute..365 days, SD404 no such active user.';
