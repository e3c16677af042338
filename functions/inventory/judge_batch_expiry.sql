-- Re-judges batch_expiring for one batch in the given warehouses, as the
-- ledger's alert trigger does for the batches a movement touched: raised
-- while stock of the batch is on hand there and its expiry is within the
-- product's expiry_alert_days, cleared otherwise (no expiry date included).
-- api.update_batch calls it after changing the dates, which no movement
-- follows. The caller holds the product's stock lock in those warehouses.
CREATE OR REPLACE FUNCTION inventory.judge_batch_expiry(tenant_id uuid, batch_id uuid, warehouse_ids uuid[])
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v record;
BEGIN
    FOR v IN
        SELECT
            w.id AS warehouse_id, h.subject, p.sku, b.batch_number, b.expiry_date, h.on_hand,
            coalesce(
                h.on_hand > 0 AND b.expiry_date <= (now() AT TIME ZONE w.timezone)::date + p.expiry_alert_days,
                FALSE
            ) AS active,
            coalesce(a.active, FALSE) AS was_active
        FROM catalog.product_batch AS b
        INNER JOIN catalog.product AS p ON b.tenant_id = p.tenant_id AND b.product_id = p.id
        INNER JOIN warehouse.warehouse AS w
            ON b.tenant_id = w.tenant_id AND w.id = ANY (judge_batch_expiry.warehouse_ids)
        -- The alert's subject is made in here, where b and w are the query's
        -- parameters, and joined as a column (see inventory.judge_stock_alerts).
        CROSS JOIN LATERAL (
            SELECT coalesce(sum(i.on_hand), 0) AS on_hand, b.id || '@' || w.id AS subject
            FROM inventory.inventory AS i
            INNER JOIN warehouse.location AS l ON i.tenant_id = l.tenant_id AND i.location_id = l.id
            WHERE i.tenant_id = b.tenant_id AND i.batch_id = b.id AND i.deleted_at IS NULL
              AND l.warehouse_id = w.id
        ) AS h
        LEFT JOIN audit.alert_state AS a
            ON a.tenant_id = b.tenant_id AND a.alert_type = 'batch_expiring'
           AND a.subject = h.subject
        WHERE b.tenant_id = judge_batch_expiry.tenant_id AND b.id = judge_batch_expiry.batch_id
        ORDER BY w.id
    LOOP
        CONTINUE WHEN v.active = v.was_active;
        PERFORM audit.set_alert(
            judge_batch_expiry.tenant_id, 'batch_expiring', v.subject,
            v.active,
            jsonb_build_object('batch_id', judge_batch_expiry.batch_id, 'batch_number', v.batch_number,
                               'sku', v.sku, 'warehouse_id', v.warehouse_id, 'expiry_date', v.expiry_date,
                               'on_hand', v.on_hand)
        );
    END LOOP;
END
$$;
COMMENT ON FUNCTION inventory.judge_batch_expiry(uuid, uuid, uuid[]) IS
'Raises or clears batch_expiring for one batch in the given warehouses from its stock there and its '
'expiry date now; the caller holds the product''s stock lock in them.';
