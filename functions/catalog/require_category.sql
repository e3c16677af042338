-- A category of the tenant that a product is about to be filed under, held
-- FOR KEY SHARE (as the product's foreign key will hold it) until the
-- transaction ends. The lock waits for an api.delete_category under way, so
-- a product is never filed under a category deleted meanwhile: the call
-- gets SD404, where the foreign key gave a bare 23503.
CREATE OR REPLACE FUNCTION catalog.require_category(tenant_id uuid, category_id uuid)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM 1 FROM catalog.product_category AS c
    WHERE c.tenant_id = require_category.tenant_id AND c.id = require_category.category_id
    FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'category % not found', require_category.category_id
            USING ERRCODE = 'SD404', DETAIL = 'No category with this id belongs to the calling tenant.',
                  HINT = 'Pass one of your categories (report.categories), or NULL.';
    END IF;
END
$$;
COMMENT ON FUNCTION catalog.require_category(uuid, uuid) IS
'Holds the tenant''s category FOR KEY SHARE for a product filed under it; SD404 when there is none.';
