-- Every category of a tenant with its path of names (Tools/Hand tools), the
-- way people name categories in a spreadsheet.
CREATE OR REPLACE FUNCTION catalog.category_paths(tenant_id uuid)
RETURNS TABLE (id uuid, name_path text)
LANGUAGE sql
STABLE
-- The planner has no statistics of a function's rows. At the default guess of
-- 1000 rows it counts 200 distinct paths, so it expected each import row to
-- match five and sorted a 1,048,575-row batch by path to merge them. At 200
-- rows or fewer it counts each path once: one match a row, and a hash join.
ROWS 100
SET search_path = pg_catalog, pg_temp
AS $$
    WITH RECURSIVE tree AS (
        SELECT c.id, c.name AS name_path
        FROM catalog.product_category AS c
        WHERE c.tenant_id = category_paths.tenant_id AND c.parent_id IS NULL
        UNION ALL
        SELECT c.id, t.name_path || '/' || c.name
        FROM catalog.product_category AS c
        JOIN tree AS t ON c.parent_id = t.id
        WHERE c.tenant_id = category_paths.tenant_id
    )
    SELECT tree.id, tree.name_path FROM tree
$$;
COMMENT ON FUNCTION catalog.category_paths(uuid) IS
'Each category of the tenant with the names from its root down joined by / (how imports name categories).';
