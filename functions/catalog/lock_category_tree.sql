-- The tenant's category tree, held until the transaction ends: one change of
-- the tree at a time per tenant. Two concurrent moves could each find no
-- cycle and make one together, and a category added under a subtree being
-- moved read its parent's old path and kept it after the move. A call that
-- changes a category takes this before the category's row: a move rewrites
-- its descendants' rows under this lock, so a rename that held a
-- descendant's row and then waited for the tree deadlocked with it (32 to 38
-- of about 400 update_category calls in 15 s by 8 sessions).
CREATE OR REPLACE FUNCTION catalog.lock_category_tree(tenant_id uuid)
RETURNS void
LANGUAGE sql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_advisory_xact_lock(hashtext('catalog.product_category'), hashtext(lock_category_tree.tenant_id::text))
$$;
COMMENT ON FUNCTION catalog.lock_category_tree(uuid) IS
'Takes the transaction lock on the tenant''s category tree, which every move, rename and insert under a '
'parent takes (api.update_category before the category''s row).';
