-- Alerts into audit.outbox: one per condition until it clears; integrity and shipment checks.
BEGIN;
SELECT plan(21);

-- type, with _cleared when the alert resolves its condition.
CREATE TEMP VIEW alert_events AS
SELECT
    position,
    (document ->> 'type') || CASE document ->> 'status' WHEN 'resolved' THEN '_cleared' ELSE '' END
        AS event_type,
    document -> 'details' AS payload
FROM audit.outbox WHERE kind = 'alert';
CREATE TEMP VIEW alerts AS
SELECT
    event_type,
    payload ->> 'sku' AS sku
FROM alert_events ORDER BY position;

DO $$
BEGIN
    PERFORM test_support.trading_world();
    UPDATE catalog.product SET reorder_point = 5 WHERE id = test_support.id('p');
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 10);
END
$$;
SELECT is_empty('SELECT * FROM alerts', 'stock above the reorder point raises nothing');

DO $$
BEGIN
    PERFORM api.record_movement('use-1', 'consumption', test_support.id('p'), test_support.id('a1'), 6);
    PERFORM api.record_movement('use-2', 'consumption', test_support.id('p'), test_support.id('a1'), 1);
END
$$;
SELECT results_eq(
    'SELECT event_type, sku FROM alerts',
    $$VALUES ('low_stock', 'P')$$,
    'crossing the reorder point raises low_stock once, however many movements follow'
);

DO $$
BEGIN
    PERFORM api.record_movement('use-3', 'consumption', test_support.id('p'), test_support.id('a1'), 3);
END
$$;
SELECT results_eq(
    'SELECT event_type FROM alerts',
    $$VALUES ('low_stock'), ('out_of_stock')$$,
    'nothing left available raises out_of_stock'
);

DO $$
BEGIN
    PERFORM api.receive_stock('in-2', test_support.id('p'), test_support.id('a1'), 20);
    PERFORM api.record_movement('use-4', 'consumption', test_support.id('p'), test_support.id('a1'), 16);
END
$$;
SELECT results_eq(
    'SELECT event_type FROM alerts',
    $$VALUES ('low_stock'), ('out_of_stock'), ('out_of_stock_cleared'), ('low_stock_cleared'), ('low_stock')$$,
    'restocking clears both; falling to the reorder point again raises low_stock again'
);
SELECT results_eq(
    format($$SELECT active, raise_count FROM audit.alert_state
             WHERE alert_type = 'low_stock' AND subject = %L$$, test_support.id('p') || '@' || test_support.id('w')),
    $$VALUES (TRUE, 2::bigint)$$,
    'the condition''s state counts its raises'
);
SELECT results_eq(
    'SELECT alert_type, sku, product_id, warehouse_id, raise_count FROM report.open_alerts',
    $$VALUES ('low_stock', 'P', test_support.id('p'), test_support.id('w'), 2::bigint)$$,
    'report.open_alerts lists the raised condition and not the cleared one, without MongoDB'
);

DO $$
BEGIN
    PERFORM api.receive_stock('in-exp', test_support.id('p'), test_support.id('a2'), 4, 'EXP',
                              (now() AT TIME ZONE 'Europe/Berlin')::date + 5);
    PERFORM api.receive_stock('in-late', test_support.id('p'), test_support.id('a2'), 4, 'LATE',
                              (now() AT TIME ZONE 'Europe/Berlin')::date + 400);
    PERFORM api.record_movement('use-exp', 'consumption', test_support.id('p'), test_support.id('a2'), 4,
                                test_support.batch('EXP'));
END
$$;
SELECT results_eq(
    $$SELECT event_type, payload ->> 'batch_number' FROM alert_events WHERE event_type LIKE 'batch%' ORDER BY position$$,
    $$VALUES ('batch_expiring', 'EXP'), ('batch_expiring_cleared', 'EXP')$$,
    'a batch received within its expiry horizon raises batch_expiring; using it up clears it'
);

-- A superuser writes around the ledger; the integrity check must notice.
SET LOCAL session_replication_role = replica;
UPDATE inventory.inventory SET on_hand = on_hand + 1 WHERE location_id = test_support.id('a1');
SET LOCAL session_replication_role = origin;
CALL ops.check_integrity();
SELECT results_eq(
    $$SELECT check_name, subject ->> 'location_id' FROM ops.integrity_check_result$$,
    format($$VALUES ('balance_equals_ledger', %L)$$, test_support.id('a1')),
    'check_integrity finds the corrupted balance'
);
SELECT results_eq(
    $$SELECT event_type, (payload ->> 'findings')::int FROM alert_events WHERE event_type LIKE 'integrity%'$$,
    $$VALUES ('integrity', 1)$$,
    'and raises an integrity alert'
);
SELECT results_eq(
    $$SELECT status, (detail ->> 'findings')::int FROM ops.maintenance_run WHERE job_name = 'check-integrity'$$,
    $$VALUES ('ok', 1)$$,
    'the run is recorded with its count of findings'
);

-- A shipment of one unit of P, in transit, expected yesterday; remembered as ship<n>.
CREATE FUNCTION pg_temp.late_shipment(n integer)
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    v_order uuid := api.create_sales_order(
        'so-' || n, test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1))
    );
    v_shipment uuid;
BEGIN
    PERFORM api.approve_sales_order(v_order, test_support.version_of('sales.sales_order', v_order));
    PERFORM api.reserve_sales_order('rso-' || n, v_order, test_support.id('w'));
    v_shipment := api.ship_sales_order('ship-' || n, v_order, 'DHL', 'JD' || n);
    UPDATE logistics.shipment
    SET created_at = now() - interval '3 days', shipped_at = now() - interval '2 days',
        expected_delivery_at = now() - interval '1 day'
    WHERE id = v_shipment;
    PERFORM test_support.remember('ship' || n, v_shipment);
    RETURN v_shipment;
END
$$;
DO $$
BEGIN
    PERFORM pg_temp.late_shipment(1);
END
$$;
CALL ops.detect_delayed_shipments();
CALL ops.detect_delayed_shipments();
SELECT results_eq(
    $$SELECT event_type, payload ->> 'tracking_number' FROM alert_events WHERE event_type LIKE 'shipment%'$$,
    $$VALUES ('shipment_delayed', 'JD1')$$,
    'a shipment past its expected delivery raises shipment_delayed once over two runs'
);
DO $$
BEGIN
    PERFORM api.add_tracking_event(test_support.id('ship1'), 'delivered', 'Berlin', now());
END
$$;
CALL ops.detect_delayed_shipments();
SELECT results_eq(
    $$SELECT event_type FROM alert_events WHERE event_type LIKE 'shipment%' ORDER BY position$$,
    $$VALUES ('shipment_delayed'), ('shipment_delayed_cleared')$$,
    'delivery clears it'
);
SELECT results_eq(
    $$SELECT detail FROM ops.maintenance_run WHERE job_name = 'detect-delayed-shipments' ORDER BY id$$,
    $$VALUES
        ('{"raised": 1, "cleared": 0, "busy": 0}'::jsonb),
        ('{"raised": 0, "cleared": 0, "busy": 0}'),
        ('{"raised": 0, "cleared": 1, "busy": 0}')$$,
    'each run records what it raised and cleared'
);
-- The run looks up the shipments of raised alerts by key: comparing their
-- ids as text read every shipment ever made, every 10 minutes.
DO $$
BEGIN
    PERFORM pg_temp.late_shipment(2);
    INSERT INTO logistics.shipment (
        tenant_id, warehouse_id, carrier_id, tracking_number, status, created_at, shipped_at, delivered_at
    )
    SELECT s.tenant_id, s.warehouse_id, s.carrier_id, 'BULK-' || n, 'delivered', s.created_at, s.shipped_at, now()
    FROM logistics.shipment AS s, generate_series(1, 5000) AS n
    WHERE s.id = test_support.id('ship2');
END
$$;
CALL ops.detect_delayed_shipments();
ANALYZE logistics.shipment;
ANALYZE audit.alert_state;
DO $$
BEGIN
    CREATE TEMP TABLE shipment_reads AS SELECT test_support.rows_read('logistics.shipment') AS before;
END
$$;
CALL ops.detect_delayed_shipments();
SELECT cmp_ok(
    test_support.rows_read('logistics.shipment') - (SELECT r.before FROM shipment_reads AS r),
    '<', 100::bigint,
    'a run reads the late shipments and those of raised alerts, not every shipment'
);
SELECT results_eq(
    $$SELECT detail FROM ops.maintenance_run WHERE job_name = 'detect-delayed-shipments' ORDER BY id DESC LIMIT 2$$,
    $$VALUES ('{"raised": 0, "cleared": 0, "busy": 0}'::jsonb), ('{"raised": 1, "cleared": 0, "busy": 0}')$$,
    'the late shipment is raised once and stays raised'
);
-- Lost: a shipment in transit could only be delivered, so a lost parcel
-- stayed raised for good.
DO $$
BEGIN
    PERFORM api.add_tracking_event(test_support.id('ship2'), 'cancelled', 'Hub', now(), '{"reason": "lost"}');
END
$$;
CALL ops.detect_delayed_shipments();
SELECT results_eq(
    $$SELECT detail FROM ops.maintenance_run WHERE job_name = 'detect-delayed-shipments' ORDER BY id DESC LIMIT 1$$,
    $$VALUES ('{"raised": 0, "cleared": 1, "busy": 0}'::jsonb)$$,
    'the carrier cancelling a late shipment clears its alert'
);

-- Alerts are judged only for movements that could change one (the balance
-- trigger's shortcut); these hold it to the answers a full judgement gives.
DO $$
BEGIN
    PERFORM api.receive_stock('k-in-1', test_support.id('k'), test_support.id('a1'), 10);
    PERFORM api.receive_stock('k-in-2', test_support.id('k'), test_support.id('a2'), 10);
    PERFORM api.record_movement('k-use-1', 'consumption', test_support.id('k'), test_support.id('a1'), 10);
END
$$;
SELECT is_empty(
    $$SELECT event_type FROM alerts WHERE sku = 'K'$$,
    'one location emptied while another of the warehouse holds stock raises nothing'
);

DO $$
BEGIN
    PERFORM api.record_movement('k-use-2', 'consumption', test_support.id('k'), test_support.id('a2'), 10);
    UPDATE catalog.product SET reorder_point = 50 WHERE id = test_support.id('k');
    PERFORM api.receive_stock('k-in-3', test_support.id('k'), test_support.id('a1'), 20);
END
$$;
SELECT results_eq(
    $$SELECT event_type FROM alerts WHERE sku = 'K'$$,
    $$VALUES ('out_of_stock'), ('out_of_stock_cleared'), ('low_stock')$$,
    'the last location emptied raises out_of_stock; restocking below the reorder point trades it for low_stock'
);

DO $$
BEGIN
    UPDATE catalog.product SET reorder_point = 5 WHERE id = test_support.id('k');
    PERFORM api.receive_stock('k-in-4', test_support.id('k'), test_support.id('a1'), 1);
END
$$;
SELECT results_eq(
    $$SELECT event_type FROM alerts WHERE sku = 'K'$$,
    $$VALUES ('out_of_stock'), ('out_of_stock_cleared'), ('low_stock'), ('low_stock_cleared')$$,
    'a raised alert is judged again by the next movement, even far above the lowered reorder point'
);

-- A warehouse is judged by its own stock: another warehouse's stock of the
-- same product or batch neither hides nor clears its alert.
DO $$
BEGIN
    PERFORM api.receive_stock('k-in-w2', test_support.id('k'), test_support.id('s1'), 100);
    PERFORM api.record_movement('k-use-all', 'consumption', test_support.id('k'), test_support.id('a1'), 21);
END
$$;
SELECT results_eq(
    $$SELECT event_type, payload ->> 'warehouse' FROM alert_events WHERE payload ->> 'sku' = 'K' ORDER BY position DESC LIMIT 2$$,
    $$VALUES ('low_stock', 'W'), ('out_of_stock', 'W')$$,
    'emptying one warehouse raises its alerts while another warehouse holds the product'
);

DO $$
BEGIN
    PERFORM api.receive_stock('e2-w', test_support.id('k'), test_support.id('a1'), 3, 'EXP2',
                              (now() AT TIME ZONE 'Europe/Berlin')::date + 5);
    PERFORM api.receive_stock('e2-w2', test_support.id('k'), test_support.id('s1'), 3, 'EXP2',
                              (now() AT TIME ZONE 'Europe/Berlin')::date + 5);
    PERFORM api.record_movement('e2-use', 'consumption', test_support.id('k'), test_support.id('a1'), 3,
                                test_support.batch('EXP2'));
END
$$;
SELECT results_eq(
    $$SELECT event_type, (payload ->> 'warehouse_id')::uuid = test_support.id('w'), (payload ->> 'on_hand')::numeric
      FROM alert_events WHERE payload ->> 'batch_number' = 'EXP2' ORDER BY position$$,
    $$VALUES ('batch_expiring', true, 3.000), ('batch_expiring', false, 3.000), ('batch_expiring_cleared', true, 0.000)$$,
    'a batch held in two warehouses raises batch_expiring in each; using it up in one clears only that one'
);

SELECT * FROM finish();
ROLLBACK;
