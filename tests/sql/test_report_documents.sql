-- report.purchase_order_status, report.sales_order_fulfilment, report.shipment_delays.
BEGIN;
SELECT plan(7);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM test_support.remember('po', api.create_purchase_order(test_support.id('sup'), 'EUR', now() + interval '7 days'));
    PERFORM test_support.remember('line', api.add_purchase_order_item(test_support.id('po'), 1, test_support.id('p'), 10, 250));
    PERFORM api.add_purchase_order_item(test_support.id('po'), 2, test_support.id('k'), 4, 100);
    PERFORM api.submit_purchase_order(test_support.id('po'), 3);
    PERFORM api.receive_purchase_order_item('rx-1', test_support.id('line'), test_support.id('a1'), 4, 'LOT-1');
    -- The supplier promised yesterday.
    UPDATE procurement.purchase_order
    SET created_at = now() - interval '10 days', ordered_at = now() - interval '9 days', expected_at = now() - interval '1 day'
    WHERE id = test_support.id('po');
    PERFORM test_support.remember('draft', api.create_purchase_order(test_support.id('sup'), 'EUR'));

    PERFORM test_support.remember('so', api.create_sales_order(
        'so-1', test_support.id('cust'), jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 3))
    ));
    PERFORM api.approve_sales_order(test_support.id('so'), test_support.version_of('sales.sales_order', test_support.id('so')));
    PERFORM api.reserve_sales_order('rso-1', test_support.id('so'), test_support.id('w'));
END
$$;

SELECT results_eq(
    format($$SELECT status::text, line_count, quantity_ordered, quantity_received, received_percent, overdue
             FROM report.purchase_order_status WHERE purchase_order_id = %L$$, test_support.id('po')),
    $$VALUES ('partial', 2::bigint, 14::numeric, 4::numeric, 28.6::numeric, TRUE)$$,
    'purchase_order_status counts lines and quantities, and an open order past expected_at is overdue'
);
SELECT results_eq(
    format($$SELECT status::text, line_count, quantity_ordered, received_percent, overdue
             FROM report.purchase_order_status WHERE purchase_order_id = %L$$, test_support.id('draft')),
    $$VALUES ('draft', 0::bigint, 0::numeric, NULL::numeric, FALSE)$$,
    'an empty draft has no lines, no share received and is not overdue'
);
SELECT results_eq(
    format($$SELECT status::text, quantity_ordered, quantity_reserved, quantity_shipped, shipped_percent
             FROM report.sales_order_fulfilment WHERE sales_order_id = %L$$, test_support.id('so')),
    $$VALUES ('processing', 3::numeric, 3::numeric, 0::numeric, 0::numeric)$$,
    'a reserved order shows its stock held and nothing shipped'
);

DO $$
BEGIN
    PERFORM test_support.remember('ship', api.ship_sales_order('ship-1', test_support.id('so'), 'DHL', 'JD014600006'));
END
$$;
SELECT results_eq(
    format($$SELECT status::text, quantity_reserved, quantity_shipped, shipped_percent, hours_to_ship IS NOT NULL
             FROM report.sales_order_fulfilment WHERE sales_order_id = %L$$, test_support.id('so')),
    $$VALUES ('shipped', 0::numeric, 3::numeric, 100.0::numeric, TRUE)$$,
    'a shipped order has nothing reserved, all shipped, and its time to ship'
);
SELECT is_empty(
    'SELECT * FROM report.shipment_delays',
    'a shipment without an expected delivery is not late'
);

UPDATE logistics.shipment
SET
    created_at = now() - interval '4 days', shipped_at = now() - interval '3 days',
    expected_delivery_at = now() - interval '2 days 1 hour'
WHERE id = test_support.id('ship');
SELECT results_eq(
    'SELECT tracking_number, carrier_code, status::text, days_late FROM report.shipment_delays',
    $$VALUES ('JD014600006', 'DHL', 'in_transit', 3)$$,
    'a shipment in transit past its expected delivery is listed, late by three started days'
);

SELECT lives_ok(
    format($$SELECT api.add_tracking_event(%L, 'delivered', 'Berlin', now())$$, test_support.id('ship')),
    'the shipment is delivered'
);

SELECT * FROM finish();
ROLLBACK;
