-- The values a listed column may take, for the check and for the template's drop-down.
CREATE OR REPLACE FUNCTION staging.allowed_values(value_list text)
RETURNS text[]
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE allowed_values.value_list
        WHEN 'unit' THEN (SELECT array_agg(u.code ORDER BY u.code) FROM catalog.unit AS u)
        WHEN 'boolean' THEN ARRAY['true', 'false']
    END
$$;
COMMENT ON FUNCTION staging.allowed_values(text) IS
'The allowed values of an import column''s value_list (unit: catalog.unit''s codes; boolean).';
