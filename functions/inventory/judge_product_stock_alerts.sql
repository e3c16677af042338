-- What of a product can be sold, or where its reorder point lies, can change
-- without a movement, so the ledger's alert trigger never hears of it: a lot
-- put on hold, lifted or given another expiry date (api.hold_batch,
-- api.lift_batch_hold, api.update_batch), a new reorder point
-- (api.update_product). Those calls judge the product's stock alerts again
-- here, in every warehouse holding a balance of it, after their change and
-- under its stock locks in every warehouse (catalog.lock_batch, or
-- update_product's own). Not a trigger on the batch or the product: one
-- would fire on the rows a migration repairs while the database is rolled
-- back to before held_at and the sellable stock view.
CREATE OR REPLACE FUNCTION inventory.judge_product_stock_alerts(tenant_id uuid, product_id uuid)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN inventory.judge_held_stock_alerts(
        judge_product_stock_alerts.tenant_id, ARRAY[judge_product_stock_alerts.product_id], NULL
    );
END
$$;
COMMENT ON FUNCTION inventory.judge_product_stock_alerts(uuid, uuid) IS
'Judges out_of_stock and low_stock again (inventory.judge_stock_alerts) for a product in each warehouse '
'holding a balance of it, after a change of its batches'' hold or expiry date or of its reorder point; the '
'caller holds the product''s stock locks. Returns how many alerts changed.';
