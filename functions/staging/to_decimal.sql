-- A decimal cell as the sheet gave it: digits with an optional sign, point
-- and thousands commas ("1,234.5"). NULL when it is not one or does not fit
-- numeric(14,3). No SET search_path, so it is inlined into the set-based checks.
CREATE OR REPLACE FUNCTION staging.to_decimal(value text)
RETURNS numeric
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN pg_catalog.btrim(value) ~ '^[-+]?([0-9]{1,11}|[0-9]{1,3}(,[0-9]{3}){1,3})([.][0-9]{1,3})?$'
            THEN pg_catalog.replace(pg_catalog.btrim(value), ',', '')::numeric(14, 3)
    END
$$;
COMMENT ON FUNCTION staging.to_decimal(text) IS
'The cell as numeric(14,3), accepting thousands commas; NULL when it is not a number with at most '
'11 digits before and 3 after the point.';
