-- A text argument that must be present and fit a pattern, or 22023.
-- The pattern's classes ([[:graph:]], [[:space:]]) are read by ICU's root
-- locale, as the tables' CHECKs read them (migration 0066): read by the
-- database's LC_CTYPE, C refused every letter beyond ASCII in a code, and
-- C.UTF-8 took a zero-width or no-break space for a visible character.
-- The value is tested in NFC, the form it is stored in (triggers/ops/nfc.sql):
-- a code of 32 letters typed with combining accents is 64 characters as
-- given, and was refused by '^[[:graph:]]{1,32}$' though it fits the column.
CREATE OR REPLACE FUNCTION ops.require_text(value text, argument text, pattern text, hint text)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF require_text.value IS NULL
       OR normalize(require_text.value, NFC) COLLATE pg_catalog."und-x-icu" !~ require_text.pattern THEN
        RAISE EXCEPTION '% is missing or malformed', require_text.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s.', require_text.argument, ops.quoted_excerpt(require_text.value)),
                  HINT = require_text.hint;
    END IF;
    RETURN require_text.value;
END
$$;
COMMENT ON FUNCTION ops.require_text(text, text, text, text) IS
'Returns value when it matches pattern; 22023 naming the argument otherwise.';
