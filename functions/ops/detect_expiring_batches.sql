-- ops.detect_expiring_batches: batches age into their product's expiry
-- horizon without any movement, so the daily job finds what the ledger
-- trigger cannot.
CREATE OR REPLACE PROCEDURE ops.detect_expiring_batches()
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_run bigint := ops.start_run('detect-expiring-batches');
    v record;
    v_raised integer := 0;
BEGIN
    -- Two runs at once would both find a condition new and alert twice.
    PERFORM pg_advisory_xact_lock(hashtextextended('ops.detect_expiring_batches', 0));
    BEGIN
        FOR v IN
            SELECT i.tenant_id, i.batch_id, l.warehouse_id, p.sku, b.batch_number, b.expiry_date, sum(i.on_hand) AS on_hand
            FROM inventory.inventory AS i
            JOIN warehouse.location AS l ON l.tenant_id = i.tenant_id AND l.id = i.location_id
            JOIN warehouse.warehouse AS w ON w.tenant_id = l.tenant_id AND w.id = l.warehouse_id
            JOIN catalog.product AS p ON p.tenant_id = i.tenant_id AND p.id = i.product_id
            JOIN catalog.product_batch AS b ON b.tenant_id = i.tenant_id AND b.id = i.batch_id
            WHERE i.deleted_at IS NULL AND i.on_hand > 0
              AND b.expiry_date <= (now() AT TIME ZONE w.timezone)::date + p.expiry_alert_days
            GROUP BY i.tenant_id, i.batch_id, l.warehouse_id, p.sku, b.batch_number, b.expiry_date
        LOOP
            IF audit.set_alert(
                v.tenant_id, 'batch_expiring', v.batch_id || '@' || v.warehouse_id, true,
                jsonb_build_object('batch_id', v.batch_id, 'batch_number', v.batch_number, 'sku', v.sku,
                                   'warehouse_id', v.warehouse_id, 'expiry_date', v.expiry_date,
                                   'on_hand', v.on_hand)
            ) THEN
                v_raised := v_raised + 1;
            END IF;
        END LOOP;
        PERFORM ops.finish_run(v_run, 'ok', jsonb_build_object('raised', v_raised));
    EXCEPTION WHEN OTHERS THEN
        PERFORM ops.finish_run(v_run, 'failed', ops.failure_detail(SQLSTATE, SQLERRM));
    END;
END
$$;
COMMENT ON PROCEDURE ops.detect_expiring_batches () IS
'Raises batch_expiring, once per batch × warehouse, for stock whose batch expires within its product''s '
'expiry_alert_days; the ledger trigger clears it when the stock is gone.';
