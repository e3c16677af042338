-- The live products an import batch's rows name by SKU, held FOR KEY SHARE
-- until the import's transaction ends, before its check reads their units:
-- the lock catalog.lock_product takes for one api call, for the whole sheet.
-- A unit being changed meanwhile is waited for and read after; a unit change
-- coming later waits for the import, then sees its stock and is refused. The
-- ledger's foreign key would take the same locks at the apply, too late for
-- the check. A delete (FOR UPDATE) waits for the import too, so a product the
-- check found live is there at the apply. They are taken in id order, as every call taking several products
-- takes them (create_sales_order, a products import changing units), so none
-- deadlocks with another. row_table is the kind's staging table, whose sku
-- column names them. How many it holds is kept for the transaction in
-- stockdb.named_products_held: a product added under a named SKU after this
-- ran is not held, and staging.require_named_products_held refuses the import
-- when its check found one.
CREATE OR REPLACE FUNCTION staging.lock_named_products(tenant_id uuid, batch_id uuid, row_table text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_held bigint;
BEGIN
    EXECUTE format(
        'SELECT count(*) FROM ('
        '    SELECT FROM catalog.product AS p'
        '    WHERE p.tenant_id = $1 AND p.deleted_at IS NULL AND p.sku IN ('
        '        SELECT staging.to_text(r.sku) FROM staging.%I AS r WHERE r.tenant_id = $1 AND r.batch_id = $2'
        '    )'
        '    ORDER BY p.id'
        '    FOR KEY SHARE OF p'
        ') AS l',
        lock_named_products.row_table
    )
    INTO v_held
    USING lock_named_products.tenant_id, lock_named_products.batch_id;
    PERFORM set_config('stockdb.named_products_held', v_held::text, true);
END
$$;
COMMENT ON FUNCTION staging.lock_named_products(uuid, uuid, text) IS
'Locks FOR KEY SHARE, to the end of the transaction, the live products the rows of an import batch '
'(in staging.ROW_TABLE) name by SKU, so their units stay as the check reads them, and keeps how many in '
'the setting stockdb.named_products_held.';
