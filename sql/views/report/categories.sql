-- The category tree as an application reads it, with the version
-- api.update_category takes.
CREATE OR REPLACE VIEW report.categories WITH (security_barrier = TRUE) AS
SELECT
    c.tenant_id,
    c.id AS category_id,
    c.parent_id,
    c.name,
    -- Names from the root down, as imports name a category (Tools/Hand tools).
    (
        SELECT string_agg(a.name, '/' ORDER BY x.depth)
        FROM unnest(string_to_array(btrim(c.path, '/'), '/')::uuid[]) WITH ORDINALITY AS x (id, depth)
        INNER JOIN catalog.product_category AS a ON a.tenant_id = c.tenant_id AND x.id = a.id
    ) AS name_path,
    c.depth,
    c.version,
    c.created_at,
    c.updated_at
FROM catalog.product_category AS c;

COMMENT ON VIEW report.categories IS
'The tenant''s product categories: parent, name_path (Tools/Hand tools, as imports name them), depth and '
'version (what api.update_category takes).';
