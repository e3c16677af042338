-- ops.detect_expiring_batches: batches age into their product's expiry
-- horizon without any movement, so the daily job finds what the ledger
-- trigger cannot.
-- Each product × warehouse is judged under its stock lock, the one the
-- ledger's alert trigger runs under, from stock read after taking it, and
-- committed before the next: judged from the first read alone, a batch whose
-- stock a movement used up meanwhile was raised after the trigger had found
-- nothing to clear, an open alert no later movement would resolve. The same
-- lock keeps two runs from raising one condition twice. A product whose stock
-- stays busy past lock_timeout is left for the next run (counted as busy),
-- and when what held it was an import, which holds its warehouses' stock as
-- a whole (inventory.busy_stock_key), so is the rest of that warehouse,
-- without waiting lock_timeout again for each of its products.
-- A batch expires at midnight in its warehouse's time zone, so the job runs
-- hourly (sql/cron.sql) with every_warehouse => false: it judges only the
-- warehouses whose date has turned since the start of its last complete run
-- (status ok, none left busy), which each day is every warehouse once, within
-- the hour after its midnight. A run that left one busy is not complete, so
-- the next judges again whatever that one judged.
-- No SET search_path: a procedure with one may not COMMIT. Every name in it
-- is schema-qualified, and pg_catalog is searched first anyway.
CREATE OR REPLACE PROCEDURE ops.detect_expiring_batches(every_warehouse boolean DEFAULT TRUE)
LANGUAGE plpgsql
AS $$
DECLARE
    v_run bigint := ops.start_run('detect-expiring-batches');
    v_since timestamptz;
    v_warehouses integer := 0;
    v_warehouse uuid;
    v_stock record;
    v record;
    v_raised integer := 0;
    v_busy integer := 0;
    v_judged integer := 0;
    v_busy_gate bigint;
    v_key bigint;
    v_state text;
    v_message text;
BEGIN
    IF NOT coalesce(detect_expiring_batches.every_warehouse, TRUE) THEN
        SELECT pg_catalog.max(r.started_at) INTO v_since
        FROM ops.maintenance_run AS r
        WHERE r.job_name = 'detect-expiring-batches' AND r.id <> v_run AND r.status = 'ok'
          AND coalesce(r.detail ->> 'busy', '0') = '0';
    END IF;
    COMMIT;
    FOR v_stock IN
        SELECT DISTINCT i.tenant_id, i.product_id, l.warehouse_id
        FROM inventory.inventory AS i
        JOIN warehouse.location AS l ON l.tenant_id = i.tenant_id AND l.id = i.location_id
        JOIN warehouse.warehouse AS w ON w.tenant_id = l.tenant_id AND w.id = l.warehouse_id
        JOIN catalog.product AS p ON p.tenant_id = i.tenant_id AND p.id = i.product_id
        JOIN catalog.product_batch AS b ON b.tenant_id = i.tenant_id AND b.id = i.batch_id
        WHERE i.deleted_at IS NULL AND i.on_hand > 0
          AND b.expiry_date <= (pg_catalog.now() AT TIME ZONE w.timezone)::date + p.expiry_alert_days
          AND (v_since IS NULL
               OR (pg_catalog.now() AT TIME ZONE w.timezone)::date > (v_since AT TIME ZONE w.timezone)::date)
        ORDER BY 3, 1, 2
    LOOP
        IF v_warehouse IS DISTINCT FROM v_stock.warehouse_id THEN
            v_warehouse := v_stock.warehouse_id;
            v_warehouses := v_warehouses + 1;
        END IF;
        IF v_busy_gate = inventory.warehouse_stock_key(v_stock.tenant_id, v_stock.warehouse_id) THEN
            v_busy := v_busy + 1;
            CONTINUE;
        END IF;
        BEGIN
            PERFORM pg_catalog.set_config('lock_timeout', '5s', true);
            PERFORM inventory.lock_stock(v_stock.tenant_id, ARRAY[v_stock.product_id], ARRAY[v_stock.warehouse_id]);
            FOR v IN
                SELECT i.batch_id, p.sku, b.batch_number, b.expiry_date, pg_catalog.sum(i.on_hand) AS on_hand
                FROM inventory.inventory AS i
                JOIN warehouse.location AS l ON l.tenant_id = i.tenant_id AND l.id = i.location_id
                JOIN warehouse.warehouse AS w ON w.tenant_id = l.tenant_id AND w.id = l.warehouse_id
                JOIN catalog.product AS p ON p.tenant_id = i.tenant_id AND p.id = i.product_id
                JOIN catalog.product_batch AS b ON b.tenant_id = i.tenant_id AND b.id = i.batch_id
                WHERE i.tenant_id = v_stock.tenant_id AND i.product_id = v_stock.product_id
                  AND l.warehouse_id = v_stock.warehouse_id AND i.deleted_at IS NULL
                  AND b.expiry_date <= (pg_catalog.now() AT TIME ZONE w.timezone)::date + p.expiry_alert_days
                GROUP BY i.batch_id, p.sku, b.batch_number, b.expiry_date
                HAVING pg_catalog.sum(i.on_hand) > 0
                ORDER BY i.batch_id
            LOOP
                IF audit.set_alert(
                    v_stock.tenant_id, 'batch_expiring', v.batch_id || '@' || v_stock.warehouse_id, true,
                    pg_catalog.jsonb_build_object(
                        'batch_id', v.batch_id, 'batch_number', v.batch_number, 'sku', v.sku,
                        'warehouse_id', v_stock.warehouse_id, 'expiry_date', v.expiry_date, 'on_hand', v.on_hand
                    )
                ) THEN
                    v_raised := v_raised + 1;
                END IF;
            END LOOP;
            -- Stock that expired overnight can no longer be sold: out_of_stock
            -- and low_stock count what can (inventory.judge_stock_alerts).
            v_judged := v_judged + inventory.judge_stock_alerts(
                ARRAY[v_stock.tenant_id], ARRAY[v_stock.product_id], ARRAY[v_stock.warehouse_id]
            );
        EXCEPTION
            WHEN lock_not_available THEN
                v_busy := v_busy + 1;
                v_key := inventory.busy_stock_key(v_stock.tenant_id, v_stock.product_id, v_stock.warehouse_id);
                IF v_key = inventory.warehouse_stock_key(v_stock.tenant_id, v_stock.warehouse_id) THEN
                    v_busy_gate := v_key;
                END IF;
            WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
        END;
        COMMIT;
        EXIT WHEN v_state IS NOT NULL;
    END LOOP;
    IF v_state IS NULL THEN
        PERFORM ops.finish_run(v_run, 'ok', pg_catalog.jsonb_build_object(
            'raised', v_raised, 'stock_alerts_changed', v_judged, 'busy', v_busy, 'warehouses', v_warehouses
        ));
    ELSE
        PERFORM ops.finish_run(v_run, 'failed', ops.failure_detail(v_state, v_message));
    END IF;
    COMMIT;
END
$$;
COMMENT ON PROCEDURE ops.detect_expiring_batches (boolean) IS
'Raises batch_expiring, once per batch x warehouse, for stock whose batch expires within its product''s '
'expiry_alert_days, judging each product x warehouse under its stock lock in a transaction of its own '
'(busy past lock_timeout: left for the next run, and the rest of its warehouse with it when an import '
'holds that); the ledger trigger clears it when the stock is gone. '
'Judges the same product x warehouse''s out_of_stock and low_stock again, since expired stock is no longer '
'sellable. With every_warehouse => false (the hourly job), only the warehouses whose date has turned '
'since the start of its last complete run. Records the run (raised, stock_alerts_changed, busy, and '
'warehouses: how many held such stock) in ops.maintenance_run.';
