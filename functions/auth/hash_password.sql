-- bcrypt at cost 12 (pgcrypto), after the checks every password must pass,
-- of the password in NFC (Unicode's composed form; RFC 8265's OpaqueString
-- profile): 'café' typed with the letter é on one device and with e and a
-- combining accent on another is one password. api.authenticate reads the
-- password given in NFC too.
CREATE OR REPLACE FUNCTION auth.hash_password(password text)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    hash_password.password := normalize(hash_password.password, NFC);
    IF hash_password.password IS NULL OR char_length(hash_password.password) < 12 THEN
        RAISE EXCEPTION 'password must be at least 12 characters'
            USING ERRCODE = '22023',
                  DETAIL = format('The password given has %s characters.', coalesce(char_length(hash_password.password), 0)),
                  HINT = 'A passphrase of a few words is long enough.';
    END IF;
    IF octet_length(hash_password.password) > 72 THEN
        RAISE EXCEPTION 'password must be at most 72 bytes'
            USING ERRCODE = '22023',
                  DETAIL = format('The password given has %s bytes in UTF-8.', octet_length(hash_password.password)),
                  HINT = 'bcrypt ignores what follows the 72nd byte; use a shorter passphrase.';
    END IF;
    RETURN public.crypt(hash_password.password, public.gen_salt('bf', 12));
END
$$;
COMMENT ON FUNCTION auth.hash_password(text) IS
'The bcrypt hash (cost 12) of a password in NFC of at least 12 characters and at most 72 bytes; 22023 '
'otherwise.';
