-- Applies a validated categories batch: every level of every path that does
-- not exist yet is created, parents before children, one level per statement.
CREATE OR REPLACE FUNCTION staging.apply_categories(
    tenant_id uuid, batch_id uuid, mode text,
    OUT inserted integer, OUT updated integer, OUT unchanged integer
)
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_max_depth integer;
    v_rows integer;
BEGIN
    SELECT count(*), max(cardinality(string_to_array(staging.to_path(r.path), '/')))
    INTO v_rows, v_max_depth
    FROM staging.category_row AS r
    WHERE r.tenant_id = apply_categories.tenant_id AND r.batch_id = apply_categories.batch_id;

    SELECT count(*) INTO unchanged
    FROM staging.category_row AS r
    JOIN catalog.category_paths(apply_categories.tenant_id) AS cp ON cp.name_path = staging.to_path(r.path)
    WHERE r.tenant_id = apply_categories.tenant_id AND r.batch_id = apply_categories.batch_id;

    FOR v_depth IN 1..coalesce(v_max_depth, 0) LOOP
        INSERT INTO catalog.product_category (tenant_id, parent_id, name)
        SELECT apply_categories.tenant_id, parent.id, l.names[v_depth]
        FROM (
            SELECT DISTINCT n.names[1:v_depth] AS names
            FROM staging.category_row AS r
            CROSS JOIN LATERAL (SELECT string_to_array(staging.to_path(r.path), '/') AS names) AS n
            WHERE r.tenant_id = apply_categories.tenant_id AND r.batch_id = apply_categories.batch_id
              AND cardinality(n.names) >= v_depth
        ) AS l
        LEFT JOIN catalog.category_paths(apply_categories.tenant_id) AS parent
            ON v_depth > 1 AND parent.name_path = array_to_string(l.names[1:v_depth - 1], '/')
        WHERE NOT EXISTS (
            SELECT 1 FROM catalog.category_paths(apply_categories.tenant_id) AS cp
            WHERE cp.name_path = array_to_string(l.names, '/')
        )
        ORDER BY 3;
    END LOOP;
    inserted := v_rows - unchanged;
    updated := 0;
END
$$;
COMMENT ON FUNCTION staging.apply_categories(uuid, uuid, text) IS
'Creates every category of a validated categories batch that does not exist yet (with the missing '
'parents) and returns the counts: a row whose path existed is unchanged.';
