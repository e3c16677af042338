-- Sales orders: create, approve, reserve (FEFO, all lines or none), ship, cancel; tracking.
BEGIN;
SELECT plan(89);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 5, 'LATE', '2031-01-01');
    PERFORM api.receive_stock('in-2', test_support.id('p'), test_support.id('a2'), 2, 'SOON', '2030-01-01');
    PERFORM api.receive_stock('in-3', test_support.id('k'), test_support.id('a1'), 10.5);
    PERFORM test_support.remember('so', api.create_sales_order(
        idempotency_key => 'so-1', customer_id => test_support.id('cust'),
        lines => jsonb_build_array(
            jsonb_build_object('product_id', test_support.id('p'), 'quantity', 3),
            jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1.5, 'unit_price_minor', 400)
        ),
        shipping_minor => 500, tax_minor => 100
    ));
END
$$;

SELECT results_eq(
    format('SELECT status::text, currency::text, subtotal_minor, total_minor FROM sales.sales_order WHERE id = %L', test_support.id('so')),
    $$VALUES ('pending', 'EUR', 6597::bigint, 7197::bigint)$$,
    'create_sales_order prices lines (list price by default) and totals them'
);
SELECT is(
    api.create_sales_order('so-1', test_support.id('cust'), jsonb_build_array(
        jsonb_build_object('product_id', test_support.id('p'), 'quantity', 3),
        jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1.5, 'unit_price_minor', 400)
    ), shipping_minor => 500, tax_minor => 100),
    test_support.id('so'),
    'a retry returns the same order'
);
-- The lines are compared as JSON text, which keeps a number's scale: a retry
-- writing the quantities as 3.0 and 1.50 was refused with SD002.
SELECT is(
    api.create_sales_order('so-1', test_support.id('cust'), jsonb_build_array(
        jsonb_build_object('product_id', test_support.id('p'), 'quantity', 3.0),
        jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1.50, 'unit_price_minor', 400.0)
    ), shipping_minor => 500, tax_minor => 100),
    test_support.id('so'),
    'a retry writing the numbers of its lines with trailing zeros returns the same order'
);
SELECT is((SELECT count(*) FROM sales.sales_order), 1::bigint, 'the retry made no second order');
SELECT throws_ok(
    format($$SELECT api.create_sales_order('so-2', %L, '[]')$$, test_support.id('cust')),
    '22023',
    'lines must be a non-empty JSON array',
    'an order without lines fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-3', %L, %L, 'EUR')$$, test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1))
    ),
    '22023',
    'line 1 has no price',
    'a line without a price, of a product without one, fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-4', %L, %L)$$, test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 'two'))
    ),
    '22023',
    'line 1 needs a product_id and a numeric quantity',
    'a line with a non-numeric quantity fails with 22023'
);
-- A misspelt key was ignored: the line took the list price, not 500.
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-typo', %L, %L)$$, test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1, 'unit_price', 500))
    ),
    '22023',
    'line 1 has an unknown key: unit_price',
    'a line with a key create_sales_order does not know fails with 22023'
);
SELECT is(
    (SELECT count(*) FROM inventory.movement_request WHERE idempotency_key = 'so-typo'),
    0::bigint,
    'the refused order left its key unclaimed, for a corrected call'
);
-- currency is char(3), which takes any length: 'EURO' failed with a bare 22001.
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-euro', %L, %L, 'EURO')$$, test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1))
    ),
    '22023', 'currency must be an ISO 4217 code', 'a currency of four letters fails with 22023, not a bare 22001'
);
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-big-1', %L, %L, 'EUR')$$, test_support.id('cust'),
        jsonb_build_array(jsonb_build_object(
            'product_id', test_support.id('p'), 'quantity', 10000000000,
            'unit_price_minor', 9000000000000000000
        ))
    ),
    '22023',
    'line 1 total is too large',
    'a line total beyond bigint fails with 22023, not a bare 22003'
);
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-big-2', %L, %L, 'EUR')$$, test_support.id('cust'),
        jsonb_build_array(
            jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1, 'unit_price_minor', 5000000000000000000),
            jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1, 'unit_price_minor', 5000000000000000000)
        )
    ),
    '22023',
    'the order total is too large',
    'lines whose sum is beyond bigint fail with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-big-3', %L, %L, 'EUR')$$, test_support.id('cust'),
        jsonb_build_array(jsonb_build_object(
            'product_id', test_support.id('p'), 'quantity', 1,
            'unit_price_minor', 90000000000000000000
        ))
    ),
    '22023',
    'line 1 unit_price_minor must be a whole number, zero or more',
    'a price beyond bigint fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-big-4', %L, %L, 'EUR', shipping_minor => 9000000000000000000,
                                        tax_minor => 9000000000000000000)$$, test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1))
    ),
    '22023',
    'the order total is too large',
    'shipping and tax whose sum is beyond bigint fail with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-dashes', %L, %L, 'EUR')$$,
        test_support.id('cust'), '[{"product_id": "------------------------------------", "quantity": 1}]'
    ),
    '22023',
    'line 1 needs a product_id and a numeric quantity',
    'a product_id of 36 dashes fails with 22023, not a bare 22P02'
);
SELECT throws_ok(
    $$SELECT api.create_sales_order('so-5', '00000000-0000-7000-8000-00000000dead', '[{}]')$$,
    'SD404',
    'customer 00000000-0000-7000-8000-00000000dead not found',
    'an unknown customer fails with SD404'
);

SELECT throws_ok(
    format($$SELECT api.reserve_sales_order('rso-0', %L, %L)$$, test_support.id('so'), test_support.id('w')),
    'SD003',
    format('sales_order %s cannot go from pending to processing', test_support.id('so')),
    'a pending order cannot be reserved'
);
SELECT throws_ok(
    format($$SELECT api.approve_sales_order(%L, 7)$$, test_support.id('so')),
    'SD004',
    format('sales_order %s was changed by someone else', test_support.id('so')),
    'approving with a stale version fails with SD004'
);
SELECT lives_ok(
    format(
        $$SELECT api.approve_sales_order(%L, %s)$$, test_support.id('so'),
        test_support.version_of('sales.sales_order', test_support.id('so'))
    ),
    'a pending order is approved'
);
DO $$
BEGIN
    CREATE TEMP TABLE so_reservations AS
    SELECT unnest(api.reserve_sales_order('rso-1', test_support.id('so'), test_support.id('w'))) AS id;
END
$$;
SELECT results_eq(
    $$SELECT b.batch_number, rl.quantity FROM inventory.reservation_line AS rl
      JOIN catalog.product_batch AS b ON b.id = rl.batch_id
      WHERE rl.reservation_id IN (SELECT id FROM so_reservations) ORDER BY b.expiry_date$$,
    $$VALUES ('SOON', 2.000::numeric(14, 3)), ('LATE', 1.000::numeric(14, 3))$$,
    'reserving an order allocates each line FEFO'
);
SELECT is(
    (SELECT status::text FROM sales.sales_order WHERE id = test_support.id('so')), 'processing',
    'a reserved order is processing'
);
SELECT is(
    (SELECT count(*) FROM sales.sales_order_item WHERE sales_order_id = test_support.id('so') AND reservation_id IS NOT NULL),
    2::bigint,
    'every line remembers its reservation'
);
SELECT set_eq(
    format($$SELECT unnest(api.reserve_sales_order('rso-1', %L, %L))$$, test_support.id('so'), test_support.id('w')),
    'SELECT id FROM so_reservations',
    'a retry returns the same reservations'
);

DO $$
BEGIN
    PERFORM test_support.remember('ship', api.ship_sales_order('ship-1', test_support.id('so'), 'DHL', 'JD014600006'));
END
$$;
SELECT results_eq(
    format('SELECT status::text, shipped_at IS NOT NULL FROM logistics.shipment WHERE id = %L', test_support.id('ship')),
    $$VALUES ('in_transit', TRUE)$$,
    'shipping creates a shipment in transit'
);
SELECT results_eq(
    format($$SELECT b.batch_number, si.quantity FROM logistics.shipment_item AS si
             LEFT JOIN catalog.product_batch AS b ON b.id = si.batch_id WHERE si.shipment_id = %L
             ORDER BY b.batch_number NULLS LAST$$, test_support.id('ship')),
    $$VALUES ('LATE', 1.000::numeric(14, 3)), ('SOON', 2.000::numeric(14, 3)), (NULL, 1.500::numeric(14, 3))$$,
    'the shipment carries exactly the reserved batches'
);
SELECT results_eq(
    format('SELECT on_hand, reserved FROM api.stock_level(%L)', test_support.id('p')),
    $$VALUES (4::numeric, 0::numeric)$$,
    'shipped stock has left on hand and reserved'
);
SELECT results_eq(
    format('SELECT status::text, shipped_at >= approved_at FROM sales.sales_order WHERE id = %L', test_support.id('so')),
    $$VALUES ('shipped', TRUE)$$,
    'the order is shipped'
);
SELECT ok(test_support.books_agree(), 'every balance equals the sum of its ledger rows');
SELECT throws_ok(
    format(
        $$SELECT api.cancel_sales_order(%L, %s, 'too late')$$, test_support.id('so'),
        test_support.version_of('sales.sales_order', test_support.id('so'))
    ),
    'SD003',
    format('sales_order %s cannot go from shipped to cancelled', test_support.id('so')),
    'a shipped order cannot be cancelled'
);

-- Tracking
SELECT lives_ok(
    format($$SELECT api.add_tracking_event(%L, 'delayed', 'Leipzig hub', now(), '{"reason": "weather"}')$$, test_support.id('ship')),
    'a tracking event is appended'
);
SELECT is(
    (SELECT status::text FROM logistics.shipment WHERE id = test_support.id('ship')), 'delayed',
    'the shipment follows the event''s status'
);
SELECT throws_ok(
    format(
        $$SELECT api.add_tracking_event(%L, 'delayed', 'Leipzig hub', now(), (repeat('{"a": ', 40) || '1' || repeat('}', 40))::jsonb)$$,
        test_support.id('ship')
    ),
    '22023', 'details is nested too deeply', 'tracking details nested 40 deep fail with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-deep', %L, %L, shipping_address => (repeat('{"a": ', 40) || '1' || repeat('}', 40))::jsonb)$$,
        test_support.id('cust'), jsonb_build_array(jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1))
    ),
    '22023', 'shipping_address is nested too deeply', 'an order''s address nested 40 deep fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.add_tracking_event(%L, 'preparing')$$, test_support.id('ship')),
    'SD003',
    format('shipment %s cannot go from delayed to preparing', test_support.id('ship')),
    'a status the transitions table forbids fails with SD003'
);
SELECT throws_ok(
    format($$SELECT api.add_tracking_event(%L, 'delivered', 'Mars', 'infinity')$$, test_support.id('ship')),
    '22023',
    'occurred_at must be a point in time',
    'a tracking event at infinity fails with 22023 (it was stored, and delivered the shipment then)'
);
SELECT throws_ok(
    format($$SELECT api.add_tracking_event(%L, 'delivered', 'Mars', NULL)$$, test_support.id('ship')),
    '22023',
    'occurred_at must be a point in time',
    'a tracking event at NULL fails with 22023 as one at infinity'
);
SELECT is(
    test_support.error_detail(format($$SELECT api.add_tracking_event(%L, 'delivered', 'Mars', NULL)$$, test_support.id('ship'))),
    'occurred_at => NULL.',
    'its DETAIL shows the NULL (it read ''occurred_at => , shipped_at …'')'
);
SELECT throws_ok(
    format($$SELECT api.add_tracking_event(%L, 'lost')$$, test_support.id('ship')),
    '22023',
    'unknown shipment status lost',
    'an unknown status fails with 22023'
);
DO $$
BEGIN
    PERFORM api.add_tracking_event(test_support.id('ship'), 'delivered', 'Front door', now());
END
$$;
SELECT results_eq(
    format('SELECT status::text, delivered_at IS NOT NULL FROM logistics.shipment WHERE id = %L', test_support.id('ship')),
    $$VALUES ('delivered', TRUE)$$,
    'a delivered event delivers the shipment'
);
-- Nothing reached the last step of the order's lifecycle before.
SELECT results_eq(
    format(
        $$SELECT so.status::text, so.closed_at = sh.delivered_at
          FROM sales.sales_order AS so JOIN logistics.shipment AS sh ON sh.sales_order_id = so.id
          WHERE sh.id = %L$$,
        test_support.id('ship')
    ),
    $$VALUES ('closed', TRUE)$$,
    'its delivery closes the order, at the delivery time'
);
-- A webhook sending the same event again recorded it twice.
SELECT is(
    api.add_tracking_event(test_support.id('ship'), 'delivered', 'Front door', now()),
    (SELECT id FROM logistics.shipment_tracking_event WHERE shipment_id = test_support.id('ship') AND status = 'delivered'),
    'the same event sent again returns the recorded one'
);
SELECT is(
    (SELECT count(*) FROM logistics.shipment_tracking_event WHERE shipment_id = test_support.id('ship')), 2::bigint,
    'and records nothing more'
);
-- An event that arrives after a later one was refused as a step back (SD003)
-- and lost: it is recorded, and the shipment stays where its latest event says.
UPDATE logistics.shipment SET created_at = now() - interval '1 day', shipped_at = now() - interval '1 day'
WHERE id = test_support.id('ship');
SELECT lives_ok(
    format($$SELECT api.add_tracking_event(%L, 'delayed', 'Leipzig hub', now() - interval '3 hours')$$, test_support.id('ship')),
    'a delayed event from before the delivery, arriving after it, is taken'
);
SELECT results_eq(
    format('SELECT status::text, delivered_at IS NOT NULL FROM logistics.shipment WHERE id = %L', test_support.id('ship')),
    $$VALUES ('delivered', TRUE)$$,
    'and leaves the shipment delivered'
);
SELECT throws_ok(
    format($$SELECT api.add_tracking_event(%L, repeat('x', 100000))$$, test_support.id('ship')),
    '22023', 'status is too long', 'a status of 100,000 characters fails as too long, not echoed in the message'
);

-- Cancelling a reserved order releases its stock
DO $$
DECLARE
    v_so uuid;
BEGIN
    v_so := api.create_sales_order('so-9', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 4)));
    PERFORM api.approve_sales_order(v_so, test_support.version_of('sales.sales_order', v_so));
    PERFORM api.reserve_sales_order('rso-9', v_so, test_support.id('w'));
    PERFORM api.cancel_sales_order(v_so, test_support.version_of('sales.sales_order', v_so), 'customer changed mind');
    PERFORM test_support.remember('so9', v_so);
END
$$;
SELECT results_eq(
    format($$SELECT so.status::text, (SELECT reserved FROM api.stock_level(%L))
             FROM sales.sales_order AS so WHERE so.id = %L$$, test_support.id('p'), test_support.id('so9')),
    $$VALUES ('cancelled', 0::numeric)$$,
    'cancelling a reserved order releases its reservations'
);

-- All lines or none
DO $$
DECLARE
    v_so uuid;
BEGIN
    v_so := api.create_sales_order('so-10', test_support.id('cust'), jsonb_build_array(
        jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1, 'unit_price_minor', 10),
        jsonb_build_object('product_id', test_support.id('p'), 'quantity', 100)
    ), 'EUR');
    PERFORM api.approve_sales_order(v_so, test_support.version_of('sales.sales_order', v_so));
    PERFORM test_support.remember('so10', v_so);
    CREATE TEMP TABLE reservations_before AS SELECT count(*) AS n FROM inventory.reservation;
END
$$;
SELECT throws_ok(
    format($$SELECT api.reserve_sales_order('rso-10', %L, %L)$$, test_support.id('so10'), test_support.id('w')),
    'SD001',
    'insufficient stock for product P',
    'an order with one short line fails with SD001'
);
SELECT is(
    (SELECT count(*) FROM inventory.reservation), (SELECT n FROM reservations_before),
    'and reserves none of its lines'
);

-- Error paths of the order flow
DO $$
DECLARE
    v_so uuid;
BEGIN
    v_so := api.create_sales_order('so-11', test_support.id('cust'), jsonb_build_array(
        jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1, 'unit_price_minor', 10)
    ), 'EUR');
    PERFORM test_support.remember('so11', v_so);
END
$$;
SELECT throws_ok(
    format($$SELECT api.ship_sales_order('ship-11', %L, 'DHL', 'X1')$$, test_support.id('so11')),
    'SD003',
    format('sales_order %s cannot go from pending to shipped', test_support.id('so11')),
    'an order that is not reserved cannot ship'
);
SELECT throws_ok(
    format($$SELECT api.ship_sales_order('ship-12', %L, 'NOPE', 'X1')$$, test_support.id('so11')),
    'SD404',
    'carrier NOPE not found',
    'an unknown carrier fails with SD404'
);
SELECT throws_ok(
    format($$SELECT api.ship_sales_order('ship-12b', %L, repeat('c', 100000), 'X1')$$, test_support.id('so11')),
    '22023', 'carrier is too long', 'a carrier code of 100,000 characters fails as too long, not echoed in the message'
);
SELECT throws_ok(
    format($$SELECT api.ship_sales_order('ship-13', %L, 'DHL', 'has space')$$, test_support.id('so11')),
    '22023',
    'tracking_number must be 1 to 64 visible characters',
    'a bad tracking number fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.cancel_sales_order(%L, 1, '  ')$$, test_support.id('so11')),
    '22023',
    'a cancellation needs a reason',
    'a cancellation without a reason fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.reserve_sales_order('rso-11', %L, '00000000-0000-7000-8000-00000000dead')$$, test_support.id('so11')),
    'SD404',
    'warehouse 00000000-0000-7000-8000-00000000dead not found',
    'reserving in an unknown warehouse fails with SD404'
);
SELECT throws_ok(
    $$SELECT api.approve_sales_order('00000000-0000-7000-8000-00000000dead', 1)$$,
    'SD404',
    'sales order 00000000-0000-7000-8000-00000000dead not found',
    'approving an unknown order fails with SD404'
);
SELECT throws_ok(
    format($$SELECT api.approve_sales_order(%L, NULL)$$, test_support.id('so11')),
    '22023',
    'version must not be null',
    'a document change without a version fails with 22023'
);
SELECT throws_ok(
    $$SELECT api.add_tracking_event('00000000-0000-7000-8000-00000000dead', 'delivered')$$,
    'SD404',
    'shipment 00000000-0000-7000-8000-00000000dead not found',
    'tracking an unknown shipment fails with SD404'
);
SELECT throws_ok(
    format($$SELECT api.add_tracking_event(%L, 'delivered', NULL, now(), '[1]')$$, test_support.id('ship')),
    '22023',
    'details must be a JSON object',
    'tracking details that are not an object fail with 22023'
);
SELECT throws_ok(
    format($$SELECT api.add_tracking_event(%L, 'delivered', NULL, now() - interval '1 year')$$, test_support.id('ship')),
    '22023',
    'occurred_at must not be before the shipment left',
    'an event before the shipment left fails with 22023'
);

SELECT throws_ok(
    format(
        $$SELECT api.approve_sales_order(%L, %s)$$, test_support.id('so'),
        test_support.version_of('sales.sales_order', test_support.id('so'))
    ),
    'SD003',
    format('sales_order %s cannot go from closed to approved', test_support.id('so')),
    'only a pending order can be approved'
);

-- Keys reused with other arguments, stale and unknown orders, a tracking
-- number used twice: each refused, and nothing changed.
DO $$
DECLARE
    v_so uuid;
BEGIN
    v_so := api.create_sales_order('so-12', test_support.id('cust'), jsonb_build_array(
        jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1, 'unit_price_minor', 10)
    ), 'EUR');
    PERFORM api.approve_sales_order(v_so, test_support.version_of('sales.sales_order', v_so));
    PERFORM api.reserve_sales_order('rso-12', v_so, test_support.id('w'));
    PERFORM test_support.remember('so12', v_so);
END
$$;
CREATE TEMP TABLE orders_before AS
SELECT
    id,
    status,
    version
FROM sales.sales_order;
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-1', %L, %L)$$, test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('k'), 'quantity', 9))
    ),
    'SD002',
    'idempotency key so-1 was already used with other arguments',
    'an order key reused with other lines fails with SD002'
);
SELECT throws_ok(
    format($$SELECT api.reserve_sales_order('rso-12', %L, %L)$$, test_support.id('so11'), test_support.id('w')),
    'SD002',
    'idempotency key rso-12 was already used with other arguments',
    'a reservation key reused for another order fails with SD002'
);
SELECT throws_ok(
    format($$SELECT api.reserve_sales_order('', %L, %L)$$, test_support.id('so11'), test_support.id('w')),
    '22023',
    'idempotency_key must be 1 to 200 visible characters',
    'an empty key fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.ship_sales_order('ship-1', %L, 'DHL', 'JD014600099')$$, test_support.id('so12')),
    'SD002',
    'idempotency key ship-1 was already used with other arguments',
    'a shipping key reused for another order fails with SD002'
);
SELECT throws_ok(
    format($$SELECT api.ship_sales_order('ship-14', %L, 'DHL', 'JD014600006')$$, test_support.id('so12')),
    '23505',
    'tracking number JD014600006 of carrier DHL is already used',
    'a tracking number the carrier already has fails with 23505'
);
SELECT throws_ok(
    format($$SELECT api.cancel_sales_order(%L, 99, 'stale')$$, test_support.id('so12')),
    'SD004',
    format('sales_order %s was changed by someone else', test_support.id('so12')),
    'cancelling at a stale version fails with SD004'
);
SELECT throws_ok(
    $$SELECT api.cancel_sales_order('00000000-0000-7000-8000-00000000dead', 1, 'unknown')$$,
    'SD404',
    'sales order 00000000-0000-7000-8000-00000000dead not found',
    'cancelling an unknown order fails with SD404'
);
SELECT set_eq(
    'SELECT id, status, version FROM sales.sales_order',
    'SELECT id, status, version FROM orders_before',
    'the refused calls changed no order'
);
SELECT ok(test_support.books_agree(), 'every balance equals the sum of its ledger rows');
-- Without a currency the order takes its products': looked up by id, not by
-- comparing every product's id as text with the lines' (a read of the whole
-- catalogue, 44 ms an order at 100,000 products).
DO $$
BEGIN
    INSERT INTO catalog.product (tenant_id, sku, name, unit_price_minor, currency)
    SELECT test_support.default_tenant(), 'BULK-' || n, 'Bulk', 100, 'EUR' FROM generate_series(1, 5000) AS n;
END
$$;
ANALYZE catalog.product;
DO $$
BEGIN
    CREATE TEMP TABLE product_reads AS SELECT test_support.rows_read('catalog.product') AS before;
    PERFORM api.create_sales_order(
        'so-currency', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1))
    );
END
$$;
SELECT cmp_ok(
    test_support.rows_read('catalog.product') - (SELECT r.before FROM product_reads AS r),
    '<', 100::bigint,
    'an order without a currency reads its products, not the catalogue'
);
-- expected_delivery_at: no api call set it, so no shipment made through the
-- api was ever late (report.shipment_delays, the shipment_delayed alert).
DO $$
BEGIN
    PERFORM api.receive_stock('in-eta', test_support.id('k'), test_support.id('a1'), 5);
    PERFORM test_support.remember('so-eta', api.create_sales_order(
        'so-eta', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1, 'unit_price_minor', 400)),
        'EUR'
    ));
    PERFORM api.approve_sales_order(test_support.id('so-eta'), test_support.version_of('sales.sales_order', test_support.id('so-eta')));
    PERFORM api.reserve_sales_order('rso-eta', test_support.id('so-eta'), test_support.id('w'));
END
$$;
SELECT throws_ok(
    format(
        $$SELECT api.ship_sales_order('ship-eta-0', %L, 'DHL', 'ETA-1', now() - interval '1 hour')$$,
        test_support.id('so-eta')
    ),
    '22023', 'expected_delivery_at must be a time after the shipment leaves',
    'an expected delivery before the shipment leaves is refused'
);
SELECT throws_ok(
    format($$SELECT api.ship_sales_order('ship-eta-0', %L, 'DHL', 'ETA-1', 'infinity')$$, test_support.id('so-eta')),
    '22023', 'expected_delivery_at must be a time after the shipment leaves',
    'an infinite expected delivery is refused'
);
SELECT is(
    (SELECT status::text FROM sales.sales_order WHERE id = test_support.id('so-eta')), 'processing',
    'the refused shipments left the order reserved'
);
SELECT lives_ok(
    format($$SELECT test_support.remember('ship-eta', api.ship_sales_order('ship-eta', %L, 'DHL', 'ETA-1',
             expected_delivery_at => now() + interval '2 days'))$$, test_support.id('so-eta')),
    'ship_sales_order takes the delivery the carrier promises'
);
SELECT ok(
    (SELECT expected_delivery_at = now() + interval '2 days' FROM logistics.shipment WHERE id = test_support.id('ship-eta')),
    'the shipment expects it'
);
SELECT is(
    api.ship_sales_order('ship-eta', test_support.id('so-eta'), 'DHL', 'ETA-1', now() + interval '2 days'),
    test_support.id('ship-eta'),
    'a retry with the same promise returns the same shipment'
);
SELECT throws_ok(
    format(
        $$SELECT api.ship_sales_order('ship-eta', %L, 'DHL', 'ETA-1', now() + interval '3 days')$$,
        test_support.id('so-eta')
    ),
    'SD002', 'idempotency key ship-eta was already used with other arguments',
    'a retry with another promise fails with SD002'
);
SELECT throws_ok(
    format($$SELECT api.ship_sales_order('ship-eta', %L, 'DHL', 'ETA-1')$$, test_support.id('so-eta')),
    'SD002', 'idempotency key ship-eta was already used with other arguments',
    'a retry without the promise fails with SD002'
);
-- An order's reservation released or fulfilled on its own left the order
-- processing with nothing held, and it could never ship.
DO $$
BEGIN
    PERFORM test_support.remember('so-own', api.create_sales_order(
        'so-own', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1, 'unit_price_minor', 400)),
        'EUR'
    ));
    PERFORM api.approve_sales_order(test_support.id('so-own'), test_support.version_of('sales.sales_order', test_support.id('so-own')));
    PERFORM test_support.remember('so-own-r', (api.reserve_sales_order('rso-own', test_support.id('so-own'), test_support.id('w')))[1]);
END
$$;
SELECT throws_ok(
    format($$SELECT api.release_reservation('rel-own', %L)$$, test_support.id('so-own-r')),
    '22023',
    format(
        'reservation %s belongs to sales order %s', test_support.id('so-own-r'),
        (SELECT number FROM sales.sales_order WHERE id = test_support.id('so-own'))
    ),
    'a sales order''s reservation cannot be released on its own'
);
SELECT throws_ok(
    format($$SELECT api.fulfil_reservation('ful-own', %L)$$, test_support.id('so-own-r')),
    '22023',
    format(
        'reservation %s belongs to sales order %s', test_support.id('so-own-r'),
        (SELECT number FROM sales.sales_order WHERE id = test_support.id('so-own'))
    ),
    'nor fulfilled on its own'
);
SELECT is(
    test_support.error_detail(format($$SELECT api.fulfil_reservation('ful-own', %L)$$, test_support.id('so-own-r'))),
    format(
        'api.reserve_sales_order made it for a line of %s; it cannot be fulfilled on its own.',
        (SELECT number FROM sales.sales_order WHERE id = test_support.id('so-own'))
    ),
    'the DETAIL says which order made it'
);
SELECT results_eq(
    format('SELECT r.status::text, so.status::text FROM inventory.reservation AS r, sales.sales_order AS so
            WHERE r.id = %L AND so.id = %L', test_support.id('so-own-r'), test_support.id('so-own')),
    $$VALUES ('active', 'processing')$$,
    'the reservation still holds the stock for its order'
);
SELECT lives_ok(
    format($$SELECT api.ship_sales_order('ship-own', %L, 'DHL', 'OWN-1')$$, test_support.id('so-own')),
    'and the order ships'
);
SELECT ok(test_support.books_agree(), 'the ledger and the balances still agree');
-- An event dated ahead (a carrier's local time sent as UTC) outranked the
-- real ones until its time came: a delivery in between moved nothing.
SELECT throws_ok(
    format(
        $$SELECT api.add_tracking_event(%L, 'delayed', 'Hub', now() + interval '5 hours')$$,
        test_support.id('ship-eta')
    ),
    '22023', 'occurred_at is in the future',
    'an event dated hours ahead is refused'
);
SELECT lives_ok(
    format(
        $$SELECT api.add_tracking_event(%L, 'delayed', 'Hub', clock_timestamp() + interval '1 minute')$$,
        test_support.id('ship-eta')
    ),
    'an event a minute ahead (the carrier''s clock) is taken'
);
SELECT is(
    (SELECT status::text FROM logistics.shipment WHERE id = test_support.id('ship-eta')), 'delayed',
    'and moves the shipment'
);
-- update_customer's active flag changed nothing: an inactive customer's orders were taken.
DO $$
BEGIN
    PERFORM api.update_customer(
        test_support.id('cust'), test_support.version_of('sales.customer', test_support.id('cust')), active => false
    );
END
$$;
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-inactive', %L, %L, 'EUR')$$, test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1, 'unit_price_minor', 1))
    ),
    '22023', 'customer C1 is inactive',
    'an inactive customer''s order is not taken'
);
SELECT is(
    api.create_sales_order(
        'so-eta', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1, 'unit_price_minor', 400)),
        'EUR'
    ),
    test_support.id('so-eta'),
    'a retry of an order taken before returns it still'
);
SELECT * FROM finish();
ROLLBACK;
