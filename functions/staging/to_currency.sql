-- A currency cell: three letters, any case.
CREATE OR REPLACE FUNCTION staging.to_currency(value text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE WHEN pg_catalog.btrim(value) ~ '^[A-Za-z]{3}$' THEN pg_catalog.upper(pg_catalog.btrim(value)) END
$$;
COMMENT ON FUNCTION staging.to_currency(text) IS 'Three letters as an upper-case ISO 4217 code; NULL otherwise.';
