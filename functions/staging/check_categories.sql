-- Rules of a categories import beyond single cells: the same path twice, and
-- the limits api.create_category and the table hold a category to (a name of
-- at most 200 characters, product_category_depth_limit_check's 65 levels),
-- which at the apply were a bare 23514 or none at all. Existing paths are fine
-- in either mode (a category has nothing to change).
CREATE OR REPLACE FUNCTION staging.check_categories(tenant_id uuid, batch_id uuid, mode text)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count integer;
BEGIN
    -- The tenant's tree, until the import ends, before the apply reads the
    -- existing paths, as every change of the tree takes it first: a parent
    -- deleted (or moved) between the apply's read and its insert under it
    -- failed the import whole with the foreign key's 23503. Behind such a call
    -- the import now finds the tree as it left it.
    PERFORM catalog.lock_category_tree(check_categories.tenant_id);
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_categories.tenant_id, check_categories.batch_id, s.row_number, 'path', s.path, e.reason
    FROM (
        SELECT s.row_number, s.path, ARRAY[
            CASE WHEN s.first_row <> s.row_number THEN format('path also on row %s', s.first_row) END,
            CASE WHEN EXISTS (SELECT FROM unnest(s.names) AS n (name) WHERE length(n.name) > 200)
                THEN 'a category name is at most 200 characters' END,
            CASE WHEN cardinality(s.names) > 65 THEN 'a category is at most 65 levels deep' END
        ] AS reasons
        FROM (
            SELECT r.row_number, staging.to_path(r.path) AS path,
                   string_to_array(staging.to_path(r.path), '/') AS names,
                   min(r.row_number) OVER (PARTITION BY staging.to_path(r.path)) AS first_row
            FROM staging.category_row AS r
            WHERE r.tenant_id = check_categories.tenant_id AND r.batch_id = check_categories.batch_id
              AND staging.to_text(r.path) IS NOT NULL
        ) AS s
    ) AS s
    CROSS JOIN LATERAL unnest(s.reasons) AS e (reason)
    WHERE e.reason IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_categories.tenant_id AND x.batch_id = check_categories.batch_id AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION staging.check_categories(uuid, uuid, text) IS
'Records a categories batch''s row errors (a path twice in the file, a name over 200 characters, more '
'than 65 levels) and returns how many.';
