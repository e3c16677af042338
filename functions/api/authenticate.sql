-- api.authenticate: the user id when email and password match, NULL otherwise.
-- It returns NULL rather than raising, because a raise would roll back the
-- failure count that makes the lockout work, and so that callers cannot
-- tell an unknown email from a wrong password or a locked account. Every
-- path runs one bcrypt comparison (against a fixed hash when there is no
-- user), so the time taken does not tell them either.
-- The comparison (about 0.2 s of CPU at cost 12) runs before the user's row
-- is locked: under the lock, logins of one account (a service account many
-- workers sign in as) ran one after another whatever the cores, and an
-- admin's change of the user waited for each. The row is then locked and
-- read again, so the failure count and the lock judge what is there now.
CREATE OR REPLACE FUNCTION api.authenticate(email text, password text)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    c_max_failures constant integer := 5;
    c_lock constant interval := '15 minutes';
    -- bcrypt (cost 12) of a string nobody can log in with.
    c_equaliser constant text := '$2a$12$4kHBxm15JI1.PAodO1s1TeMMHJnQ31Vlf1fl0eORLmPsez2N0PorG';
    v_tenant_id uuid := auth.require_tenant();
    v_key text := lower(normalize(authenticate.email, NFC));
    v_compared text;
    v_user record;
    v_match boolean;
BEGIN
    SELECT u.password_hash INTO v_compared
    FROM auth.app_user AS u
    WHERE u.tenant_id = v_tenant_id AND u.email_key = v_key;
    v_match := auth.password_matches(authenticate.password, coalesce(v_compared, c_equaliser));

    -- The email is asked again: a user whose address changed meanwhile is not
    -- found by the old one.
    SELECT u.id, u.password_hash, u.active, u.locked_until, u.failed_login_count
    INTO v_user
    FROM auth.app_user AS u
    WHERE u.tenant_id = v_tenant_id AND u.email_key = v_key
    FOR UPDATE;
    IF v_user.id IS NULL OR v_user.password_hash IS NULL OR NOT v_user.active
       OR v_user.locked_until > now() THEN
        RETURN NULL;
    END IF;
    -- Its password set meanwhile (or the user made meanwhile): compared with
    -- the one there now.
    IF v_user.password_hash IS DISTINCT FROM v_compared THEN
        v_match := auth.password_matches(authenticate.password, v_user.password_hash);
    END IF;
    IF NOT v_match THEN
        UPDATE auth.app_user AS u
        SET failed_login_count = CASE WHEN v_user.failed_login_count + 1 >= c_max_failures
                                      THEN 0 ELSE v_user.failed_login_count + 1 END,
            locked_until = CASE WHEN v_user.failed_login_count + 1 >= c_max_failures
                                THEN now() + c_lock END
        WHERE u.tenant_id = v_tenant_id AND u.id = v_user.id;
        RETURN NULL;
    END IF;
    UPDATE auth.app_user AS u
    SET failed_login_count = 0, locked_until = NULL, last_login_at = now()
    WHERE u.tenant_id = v_tenant_id AND u.id = v_user.id;
    RETURN v_user.id;
END
$$;
COMMENT ON FUNCTION api.authenticate(text, text) IS
'Returns the id of the tenant''s active user with this email (case-insensitive) and password, or NULL: '
'for an unknown email, a wrong password, an inactive or password-less user, and a locked account alike. '
'The 5th consecutive failure locks the account for 15 minutes; a success clears the count. Errors: 42501 '
'without a tenant context.';
