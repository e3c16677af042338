-- api.rotate_refresh_token: a valid token buys a new one of the same family
-- (with the same lifetime) and is revoked. No row comes back for a token
-- that is unknown, expired, revoked or another tenant's; it returns rather
-- than raises so that the family revocation a reuse triggers is kept.
-- Presenting a token that was already replaced means it was copied: the
-- whole family is revoked, the thief's copy and the owner's current one.
CREATE OR REPLACE FUNCTION api.rotate_refresh_token(token text)
RETURNS TABLE (refresh_token text, user_id uuid, expires_at timestamptz)
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
#variable_conflict use_column
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_old record;
    v_new record;
    v_expires timestamptz;
BEGIN
    SELECT t.id, t.tenant_id, t.user_id, t.family_id, t.created_at, t.expires_at, t.revoked_at
    INTO v_old
    FROM auth.refresh_token AS t
    WHERE t.token_hash = sha256(convert_to(coalesce(rotate_refresh_token.token, ''), 'UTF8'))
    FOR UPDATE;
    IF v_old.id IS NULL OR v_old.tenant_id <> v_tenant_id THEN
        RETURN;
    END IF;
    IF v_old.revoked_at IS NOT NULL THEN
        UPDATE auth.refresh_token AS t SET revoked_at = greatest(now(), t.created_at)
        WHERE t.tenant_id = v_tenant_id AND t.family_id = v_old.family_id AND t.revoked_at IS NULL;
        RETURN;
    END IF;
    IF v_old.expires_at <= now() OR NOT EXISTS (
        SELECT 1 FROM auth.app_user AS u WHERE u.tenant_id = v_tenant_id AND u.id = v_old.user_id AND u.active
    ) THEN
        RETURN;
    END IF;
    v_expires := now() + (v_old.expires_at - v_old.created_at);
    SELECT * INTO v_new FROM auth.new_refresh_token(v_tenant_id, v_old.user_id, v_old.family_id, v_expires);
    UPDATE auth.refresh_token AS t SET revoked_at = greatest(now(), t.created_at), replaced_by = v_new.token_id
    WHERE t.tenant_id = v_tenant_id AND t.id = v_old.id;
    RETURN QUERY SELECT v_new.refresh_token, v_old.user_id, v_expires;
END
$$;
COMMENT ON FUNCTION api.rotate_refresh_token(text) IS
'Exchanges a valid refresh token for a new one of the same family and lifetime, revoking the old; returns '
'no row for an unknown, expired, revoked or other tenant''s token or an inactive user. Presenting an '
'already replaced token revokes its whole family. Errors: 42501 without a tenant context.';
