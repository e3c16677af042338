-- A refresh token: 256 random bits, base64url, handed out once; the table
-- keeps only its SHA-256, so a leaked table yields no usable token.
CREATE OR REPLACE FUNCTION auth.new_refresh_token(
    tenant_id uuid, user_id uuid, family_id uuid, expires_at timestamptz,
    OUT refresh_token text, OUT token_id uuid
)
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    refresh_token := rtrim(translate(encode(public.gen_random_bytes(32), 'base64'), '+/', '-_'), '=');
    INSERT INTO auth.refresh_token AS t (tenant_id, user_id, token_hash, family_id, expires_at)
    VALUES (
        new_refresh_token.tenant_id, new_refresh_token.user_id,
        sha256(convert_to(refresh_token, 'UTF8')), new_refresh_token.family_id,
        new_refresh_token.expires_at
    )
    RETURNING t.id INTO token_id;
END
$$;
COMMENT ON FUNCTION auth.new_refresh_token(uuid, uuid, uuid, timestamptz) IS
'Makes a 256-bit refresh token (base64url, 43 characters), stores only its SHA-256, and returns the token '
'and its row id.';
