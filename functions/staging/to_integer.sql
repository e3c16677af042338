-- A whole-number cell, with optional thousands commas; NULL when it is not one.
CREATE OR REPLACE FUNCTION staging.to_integer(value text)
RETURNS bigint
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN pg_catalog.btrim(value) ~ '^[-+]?([0-9]{1,15}|[0-9]{1,3}(,[0-9]{3}){1,4})$'
            THEN pg_catalog.replace(pg_catalog.btrim(value), ',', '')::bigint
    END
$$;
COMMENT ON FUNCTION staging.to_integer(text) IS
'The cell as bigint, accepting thousands commas; NULL when it is not a whole number of at most 15 digits.';
