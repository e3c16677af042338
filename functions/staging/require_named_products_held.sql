-- staging.lock_named_products holds the products a batch names by SKU from
-- before its check; a product added under one of those SKUs after it ran is
-- not held, yet the check reads it (a later statement, a later snapshot) and
-- the apply moves it. Moved without the lock, its unit could change between
-- check and apply, and the ledger's foreign key took that lock only after the
-- warehouses' stock: behind a unit change of the new product, which holds it
-- FOR UPDATE and waits for that stock, a cycle-count import deadlocked (the
-- stock chaos test). Held products cannot go (a delete waits for the import)
-- and a live product keeps its SKU, so more live named products now than were
-- held means one was added: the import fails, as a serialization failure,
-- before anything is applied. Run again, it holds that product too.
CREATE OR REPLACE FUNCTION staging.require_named_products_held(tenant_id uuid, batch_id uuid, row_table text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_held bigint := coalesce(nullif(current_setting('stockdb.named_products_held', true), ''), '0')::bigint;
    v_live bigint;
BEGIN
    EXECUTE format(
        'SELECT count(*) FROM catalog.product AS p'
        ' WHERE p.tenant_id = $1 AND p.deleted_at IS NULL AND p.sku IN ('
        '     SELECT staging.to_text(r.sku) FROM staging.%I AS r WHERE r.tenant_id = $1 AND r.batch_id = $2'
        ' )',
        require_named_products_held.row_table
    )
    INTO v_live
    USING require_named_products_held.tenant_id, require_named_products_held.batch_id;
    IF v_live > v_held THEN
        RAISE EXCEPTION 'a product the sheet names was added while the import ran'
            USING ERRCODE = '40001',
                  DETAIL = format('%s product(s) named by SKU were there when the import took them, %s are now.',
                                  v_held, v_live),
                  HINT = 'Nothing was imported. Run the import again: it will take the new product(s) too.';
    END IF;
END
$$;
COMMENT ON FUNCTION staging.require_named_products_held(uuid, uuid, text) IS
'Fails with 40001 when more live products are named by SKU in the rows of an import batch (in '
'staging.ROW_TABLE) than staging.lock_named_products held for it: one was added since, unlocked.';
