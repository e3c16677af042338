-- A category path cell with each name trimmed: " Tools / Hand tools" is
-- "Tools/Hand tools", the form catalog.category_paths gives.
CREATE OR REPLACE FUNCTION staging.to_path(value text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE WHEN value IS NOT NULL THEN pg_catalog.array_to_string(
        ARRAY(SELECT pg_catalog.btrim(n) FROM pg_catalog.unnest(pg_catalog.string_to_array(value, '/')) AS n),
        '/'
    ) END
$$;
COMMENT ON FUNCTION staging.to_path(text) IS 'A /-separated category path with every name trimmed.';
