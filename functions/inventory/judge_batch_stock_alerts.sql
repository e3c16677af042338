-- A lot put on hold, or lifted, or given another expiry date, changes what
-- of its product can be sold without a movement, so the ledger's alert
-- trigger never hears of it: the product's stock alerts are judged again
-- in each warehouse where the batch lies. Called by api.hold_batch,
-- api.lift_batch_hold and api.update_batch after their change, under the
-- product's stock locks in every warehouse (catalog.lock_batch). Not a
-- trigger on the batch: one would fire on the batches a migration repairs
-- while the database is rolled back to before held_at and the sellable
-- stock view.
CREATE OR REPLACE FUNCTION inventory.judge_batch_stock_alerts(tenant_id uuid, product_id uuid, batch_id uuid)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN coalesce((
        SELECT inventory.judge_stock_alerts(array_agg(s.tenant_id), array_agg(s.product_id), array_agg(s.warehouse_id))
        FROM (
            SELECT DISTINCT i.tenant_id, i.product_id, i.warehouse_id
            FROM inventory.sellable_stock AS i
            WHERE i.tenant_id = judge_batch_stock_alerts.tenant_id
              AND i.product_id = judge_batch_stock_alerts.product_id
              AND i.batch_id = judge_batch_stock_alerts.batch_id
        ) AS s
        HAVING count(*) > 0
    ), 0);
END
$$;
COMMENT ON FUNCTION inventory.judge_batch_stock_alerts(uuid, uuid, uuid) IS
'Judges out_of_stock and low_stock again (inventory.judge_stock_alerts) for the batch''s product (given) in each '
'warehouse holding a balance of it, after its hold or expiry date changed; the caller holds the product''s '
'stock locks. Returns how many alerts changed.';
