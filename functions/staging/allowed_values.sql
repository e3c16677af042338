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
        -- From the catalogue: the importer, who asks for the template's lists,
        -- has no USAGE on schema warehouse, which naming the type needs.
        WHEN 'location_kind' THEN (
            SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
            FROM pg_catalog.pg_enum AS e
            INNER JOIN pg_catalog.pg_type AS t ON e.enumtypid = t.oid
            INNER JOIN pg_catalog.pg_namespace AS n ON t.typnamespace = n.oid
            WHERE n.nspname = 'warehouse' AND t.typname = 'location_kind'
        )
    END
$$;
COMMENT ON FUNCTION staging.allowed_values(text) IS
'The allowed values of an import column''s value_list (unit: catalog.unit''s codes; boolean; location_kind).';
