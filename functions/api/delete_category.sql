-- api.delete_category: a category made by mistake, or emptied, goes. Before
-- it nothing could remove one: it stayed in report.categories, in imports'
-- category paths and in the categories search matches. Refused while it
-- has subcategories or live products; a deleted product's link to it is
-- dropped (the product is gone from every view). A category is not kept
-- deleted: nothing else refers to it, so its row goes.
CREATE OR REPLACE FUNCTION api.delete_category(category_id uuid, version integer)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_category catalog.product_category;
    v_children bigint;
    v_sku text;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.delete_category');
    PERFORM ops.require_id(delete_category.category_id, 'category_id', 'category');
    -- The tree before the row, as every change of the tree takes them: a
    -- category being added under this one waits, or is seen below.
    PERFORM catalog.lock_category_tree(v_tenant_id);
    -- FOR UPDATE waits for a product being made or moved into it (which holds
    -- the category FOR KEY SHARE), so the check below sees that product.
    SELECT c.* INTO v_category
    FROM catalog.product_category AS c
    WHERE c.tenant_id = v_tenant_id AND c.id = delete_category.category_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'category % not found', delete_category.category_id
            USING ERRCODE = 'SD404', DETAIL = 'No category with this id belongs to the calling tenant.',
                  HINT = 'Check the id (report.categories).';
    END IF;
    PERFORM ops.check_version('product_category', v_category.id, delete_category.version, v_category.version);
    SELECT count(*) INTO v_children
    FROM catalog.product_category AS c
    WHERE c.tenant_id = v_tenant_id AND c.parent_id = v_category.id;
    IF v_children > 0 THEN
        RAISE EXCEPTION 'category % has % subcategories', ops.printable(v_category.name), v_children
            USING ERRCODE = '22023', DETAIL = 'A category goes only once nothing is filed under it.',
                  HINT = 'Move (api.update_category) or delete its subcategories first.';
    END IF;
    SELECT p.sku INTO v_sku
    FROM catalog.product AS p
    WHERE p.tenant_id = v_tenant_id AND p.category_id = v_category.id AND p.deleted_at IS NULL
    ORDER BY p.sku
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'category % holds product %', ops.printable(v_category.name), v_sku
            USING ERRCODE = '22023', DETAIL = 'A category goes only once nothing is filed under it.',
                  HINT = 'Move its products to another category (api.update_product) first.';
    END IF;
    UPDATE catalog.product AS p SET category_id = NULL
    WHERE p.tenant_id = v_tenant_id AND p.category_id = v_category.id AND p.deleted_at IS NOT NULL;
    DELETE FROM catalog.product_category AS c
    WHERE c.tenant_id = v_tenant_id AND c.id = v_category.id;
END
$$;

COMMENT ON FUNCTION api.delete_category(uuid, integer) IS
'Deletes a category at the version the caller read; a deleted product filed under it loses the link. '
'Errors: 42501, 22023 no category_id, no version, subcategories or a live product under it, SD404 unknown category, '
'SD004 stale version.';
