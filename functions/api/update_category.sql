-- api.update_category: rename, or move under another parent (its subtree goes with it).
CREATE OR REPLACE FUNCTION api.update_category(
    category_id uuid,
    version integer,
    name text DEFAULT NULL,
    parent_id uuid DEFAULT NULL,
    make_root boolean DEFAULT FALSE
)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_category catalog.product_category;
    v_version integer;
    v_constraint text;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_category');
    PERFORM ops.require_id(update_category.category_id, 'category_id', 'category');
    -- The tree before the row: a move elsewhere rewrites this row under it.
    PERFORM catalog.lock_category_tree(v_tenant_id);
    SELECT c.* INTO v_category
    FROM catalog.product_category AS c
    WHERE c.tenant_id = v_tenant_id AND c.id = update_category.category_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'category % not found', update_category.category_id
            USING ERRCODE = 'SD404', DETAIL = 'No category with this id belongs to the calling tenant.',
                  HINT = 'Check the id.';
    END IF;
    PERFORM ops.check_version('product_category', v_category.id, update_category.version, v_category.version);
    IF update_category.make_root AND update_category.parent_id IS NOT NULL THEN
        RAISE EXCEPTION 'make_root and parent_id exclude each other'
            USING ERRCODE = '22023', DETAIL = format('make_root => true, parent_id => %s.', update_category.parent_id),
                  HINT = 'Pass parent_id to move the category, or make_root => true to lift it to the top.';
    END IF;
    IF update_category.parent_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM catalog.product_category AS c WHERE c.tenant_id = v_tenant_id AND c.id = update_category.parent_id
    ) THEN
        RAISE EXCEPTION 'category % not found', update_category.parent_id
            USING ERRCODE = 'SD404', DETAIL = 'parent_id names no category of the calling tenant.', HINT = 'Check the id.';
    END IF;
    PERFORM ops.require_length(update_category.name, 'name', 200);
    PERFORM ops.require_unblank(update_category.name, 'name');
    PERFORM catalog.require_category_name(update_category.name);
    -- A move under its own descendant fails in the path trigger (23514, product_category_acyclic_check).
    -- A name taken under the new parent fails in the unique index, whose bare
    -- 23505 has no DETAIL (row security hides the key) and no HINT: said here
    -- as api.create_category says it. An UPDATE has no ON CONFLICT, and renames
    -- are rare enough for the subtransaction.
    BEGIN
        UPDATE catalog.product_category AS c
        SET name = coalesce(update_category.name, c.name),
            parent_id = CASE WHEN update_category.make_root THEN NULL ELSE coalesce(update_category.parent_id, c.parent_id) END
        WHERE c.tenant_id = v_tenant_id AND c.id = v_category.id
        RETURNING c.version INTO v_version;
    EXCEPTION WHEN unique_violation THEN
        GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
        IF v_constraint IS DISTINCT FROM 'product_category_name_key' THEN
            RAISE;
        END IF;
        RAISE EXCEPTION 'category % already exists there',
            ops.printable(coalesce(update_category.name, v_category.name))
            USING ERRCODE = '23505', CONSTRAINT = 'product_category_name_key',
                  DETAIL = 'Category names are unique under one parent (and among the top categories).',
                  HINT = 'Pass another name, or move the category under another parent.';
    END;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.update_category(uuid, integer, text, uuid, boolean) IS
'Renames a category and/or moves it under parent_id (make_root lifts it to the top); its subtree moves '
'with it. Returns the new version. Errors: 42501, 22023 (no category_id, a name holding a / or '
'beginning or ending with a '
'blank too), SD404, SD004 stale version, 23514 a move under its own descendant, 23505 name taken under '
'the new parent.';
