-- A yes/no cell in the spellings spreadsheets use; NULL when it is none of them.
CREATE OR REPLACE FUNCTION staging.to_boolean(value text)
RETURNS boolean
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE pg_catalog.lower(pg_catalog.btrim(value))
        WHEN 'true' THEN TRUE WHEN 'yes' THEN TRUE WHEN 'y' THEN TRUE WHEN '1' THEN TRUE
        WHEN 'false' THEN FALSE WHEN 'no' THEN FALSE WHEN 'n' THEN FALSE WHEN '0' THEN FALSE
    END
$$;
COMMENT ON FUNCTION staging.to_boolean(text) IS
'true/yes/y/1 and false/no/n/0, any case, as boolean; NULL otherwise.';
