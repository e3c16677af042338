-- An email argument: name@domain, with no whitespace or other control
-- character, and at most 320 characters, or 22023 naming the argument. The
-- tables' CHECKs hold the same rule, and gave a bare 23514 to the update calls
-- that did not ask first. NULL passes.
CREATE OR REPLACE FUNCTION ops.require_email(value text, argument text DEFAULT 'email')
RETURNS text
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF require_email.value COLLATE pg_catalog."und-x-icu" !~ '^[^@[:space:][:cntrl:]]+@[^@[:space:][:cntrl:]]+$' THEN
        RAISE EXCEPTION '% is malformed', require_email.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s.', require_email.argument, ops.quoted_excerpt(require_email.value)),
                  HINT = 'Pass name@domain, or NULL.';
    END IF;
    RETURN ops.require_length(require_email.value, require_email.argument, 320);
END
$$;
COMMENT ON FUNCTION ops.require_email(text, text) IS
'Returns value when it is NULL or an email address (name@domain, no whitespace or control character, at '
'most 320 characters); 22023 naming '
'the argument otherwise.';
