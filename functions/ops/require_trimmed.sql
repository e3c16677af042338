-- A name that, when given, neither begins nor ends with a blank, or 22023.
-- An import trims its cells, so ' Acme' typed through the api could not be
-- named by a sheet, and it sorts and reads as another 'Acme'. Blanks are
-- spaces, as btrim and the import's trim count them. NULL passes: the caller
-- decides what NULL means.
CREATE OR REPLACE FUNCTION ops.require_trimmed(value text, argument text)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF require_trimmed.value <> btrim(require_trimmed.value) THEN
        RAISE EXCEPTION '% cannot begin or end with a blank', require_trimmed.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s.', require_trimmed.argument, ops.quoted_excerpt(require_trimmed.value)),
                  HINT = format('Pass the %s without blanks before or after it.', require_trimmed.argument);
    END IF;
    RETURN require_trimmed.value;
END
$$;

COMMENT ON FUNCTION ops.require_trimmed(text, text) IS
'Returns value when it is NULL or neither begins nor ends with a blank (a space); 22023 naming the argument otherwise.';
