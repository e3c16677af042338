-- api.create_category
CREATE OR REPLACE FUNCTION api.create_category(name text, parent_id uuid DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_id uuid;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.create_category');
    PERFORM ops.require_text(create_category.name, 'name', '[^[:space:]]', 'Pass the category''s name.');
    PERFORM ops.require_length(create_category.name, 'name', 200);
    PERFORM catalog.require_category_name(create_category.name);
    -- The tree before the parent is read, as every change of the tree takes it
    -- (the path trigger would take it at the insert): a parent deleted between
    -- the check and the insert failed it with a bare 23503.
    IF create_category.parent_id IS NOT NULL THEN
        PERFORM catalog.lock_category_tree(v_tenant_id);
    END IF;
    IF create_category.parent_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM catalog.product_category AS c
        WHERE c.tenant_id = v_tenant_id AND c.id = create_category.parent_id
    ) THEN
        RAISE EXCEPTION 'category % not found', create_category.parent_id
            USING ERRCODE = 'SD404', DETAIL = 'parent_id names no category of the calling tenant.',
                  HINT = 'Pass NULL for a top-level category.';
    END IF;
    INSERT INTO catalog.product_category AS c (tenant_id, name, parent_id)
    VALUES (v_tenant_id, create_category.name, create_category.parent_id)
    -- One message for a key taken, with the constraint the bare 23505 named
    -- (no DETAIL: row security hides the key), without a subtransaction.
    ON CONFLICT DO NOTHING
    RETURNING c.id INTO v_id;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'category % already exists there', ops.printable(create_category.name)
            USING ERRCODE = '23505', CONSTRAINT = 'product_category_name_key',
                  DETAIL = 'Category names are unique under one parent (and among the top categories).',
                  HINT = 'Pass another name, or use the existing category.';
    END IF;
    RETURN v_id;
END
$$;

COMMENT ON FUNCTION api.create_category(text, uuid) IS
'Creates a product category, under parent_id or at the top, and returns its id. Errors: 42501, 22023 '
'(a name of more than 200 characters, holding a / or beginning or ending with a blank too), SD404 '
'unknown parent, 23505 name already used under that parent, 23514 deeper than 64 levels under the top.';
