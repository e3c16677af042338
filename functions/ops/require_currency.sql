-- A currency argument: NULL, or an ISO 4217 code. The api's currency
-- arguments are char(3), which takes any length: 'EURO' reached a char(3)
-- variable or column and failed with a bare 22001, before the role was
-- checked when it was a variable's initial value.
CREATE OR REPLACE FUNCTION ops.require_currency(value text, argument text)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF require_currency.value !~ '^[A-Z]{3}$' THEN
        RAISE EXCEPTION '% must be an ISO 4217 code', require_currency.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s.', require_currency.argument, ops.quoted_excerpt(require_currency.value)),
                  HINT = 'Pass three capital letters, such as ''EUR''.';
    END IF;
    RETURN require_currency.value;
END
$$;
COMMENT ON FUNCTION ops.require_currency(text, text) IS
'Returns value when it is NULL or three capital letters (an ISO 4217 code); 22023 naming the argument '
'otherwise.';
