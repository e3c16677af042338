-- Whether password is the one hash was made of: in NFC, as auth.hash_password
-- stores it; a password set before it did, in another form, is tried as given
-- too. That second comparison depends on the password's form only, so it
-- tells nothing about the account.
CREATE OR REPLACE FUNCTION auth.password_matches(password text, hash text)
RETURNS boolean
LANGUAGE sql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT public.crypt(normalize(coalesce(password_matches.password, ''), NFC), password_matches.hash)
           = password_matches.hash
           OR password_matches.password IS NOT NFC NORMALIZED
              AND public.crypt(password_matches.password, password_matches.hash) = password_matches.hash
$$;
COMMENT ON FUNCTION auth.password_matches(text, text) IS
'Whether password (in NFC, or as given when it is in another form) is the one the bcrypt hash was made of.';
