-- A role named as text by a caller (api.create_user, api.update_user), or 22023.
CREATE OR REPLACE FUNCTION auth.require_role(role text)
RETURNS auth.user_role
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF require_role.role IS NULL OR NOT require_role.role = ANY (enum_range(NULL::auth.user_role)::text[]) THEN
        RAISE EXCEPTION 'role must be one of %', enum_range(NULL::auth.user_role)
            USING ERRCODE = '22023', DETAIL = format('role => %s.', ops.quoted_excerpt(require_role.role)),
                  HINT = 'Pick the role whose api functions the user needs.';
    END IF;
    RETURN require_role.role::auth.user_role;
END
$$;
COMMENT ON FUNCTION auth.require_role(text) IS
'The auth.user_role named by role; 22023 listing the roles when it is NULL or names none.';
