-- api.unreserve_sales_order: a reserved order gives its stock back and is
-- approved again. Before it, a reserved order could only ship or be
-- cancelled: not moved to another warehouse, not changed, and not kept when
-- a batch it held was put on hold.
BEGIN;
SELECT plan(22);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 5, 'EARLY', '2030-01-01');
    PERFORM api.receive_stock('in-2', test_support.id('p'), test_support.id('a2'), 5, 'LATE', '2031-01-01');
    PERFORM api.receive_stock('in-3', test_support.id('p'), test_support.id('s1'), 5, 'FAR', '2031-06-01');
    PERFORM test_support.remember('so', api.create_sales_order(
        'so-1', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 3)), number => 'SO-X'
    ));
    PERFORM api.approve_sales_order(test_support.id('so'), test_support.version_of('sales.sales_order', test_support.id('so')));
    PERFORM api.reserve_sales_order('r-1', test_support.id('so'), test_support.id('w'));
END
$$;
CREATE FUNCTION pg_temp.v() RETURNS integer LANGUAGE sql AS $$
    SELECT test_support.version_of('sales.sales_order', test_support.id('so'))
$$;
CREATE FUNCTION pg_temp.held() RETURNS TABLE (warehouse text, reserved numeric) LANGUAGE sql AS $$
    SELECT w.code, sum(i.reserved) FROM inventory.inventory AS i
    JOIN warehouse.location AS l ON l.id = i.location_id
    JOIN warehouse.warehouse AS w ON w.id = l.warehouse_id
    WHERE i.product_id = test_support.id('p') AND i.reserved > 0
    GROUP BY w.code ORDER BY w.code
$$;
SELECT results_eq('SELECT * FROM pg_temp.held()', $$VALUES ('W', 3::numeric)$$, 'the order holds 3 in W');

CREATE TEMP TABLE before_change AS SELECT pg_temp.v() AS version;
SELECT cmp_ok(
    api.unreserve_sales_order(test_support.id('so'), pg_temp.v()), '>', (SELECT version FROM before_change),
    'unreserve_sales_order returns the order''s new version'
);
SELECT results_eq(
    $$SELECT status::text, approved_at IS NOT NULL FROM sales.sales_order WHERE id = test_support.id('so')$$,
    $$VALUES ('approved', TRUE)$$,
    'the order is approved again'
);
SELECT is_empty('SELECT * FROM pg_temp.held()', 'and holds no stock');
SELECT is(
    (SELECT count(*) FROM report.reservations WHERE reference = 'SO-X' AND status = 'released'), 1::bigint,
    'its reservation is released'
);
SELECT is_empty(
    $$SELECT 1 FROM sales.sales_order_item WHERE sales_order_id = test_support.id('so') AND reservation_id IS NOT NULL$$,
    'and its lines name none'
);

SELECT lives_ok(
    $$SELECT api.reserve_sales_order('r-2', test_support.id('so'), test_support.id('w2'))$$,
    'it is reserved again, in another warehouse'
);
SELECT results_eq('SELECT * FROM pg_temp.held()', $$VALUES ('W2', 3::numeric)$$, 'which holds its stock now');
SELECT lives_ok(
    $$SELECT api.unreserve_sales_order(test_support.id('so'), pg_temp.v())$$, 'given back once more'
);
SELECT lives_ok(
    $$SELECT api.update_sales_order_item(
          (SELECT id FROM sales.sales_order_item WHERE sales_order_id = test_support.id('so')), pg_temp.v(), quantity => 4
      )$$,
    'an order given back can be changed'
);
SELECT is(
    (SELECT status::text FROM sales.sales_order WHERE id = test_support.id('so')), 'pending',
    'which asks for its approval again'
);

-- A batch put on hold under a reserved order.
DO $$
BEGIN
    PERFORM api.approve_sales_order(test_support.id('so'), pg_temp.v());
    PERFORM api.reserve_sales_order('r-3', test_support.id('so'), test_support.id('w'));
    PERFORM api.hold_batch(
        test_support.batch('EARLY'), (SELECT version FROM report.batches WHERE batch_number = 'EARLY'), 'recall'
    );
END
$$;
SELECT throws_ok(
    $$SELECT api.ship_sales_order('s-1', test_support.id('so'), 'DHL', 'T-1')$$,
    'SD005', 'batch EARLY is on hold', 'an order that reserved a lot now held does not ship'
);
SELECT lives_ok(
    $$SELECT api.unreserve_sales_order(test_support.id('so'), pg_temp.v())$$, 'it gives its reservation back'
);
SELECT lives_ok(
    $$SELECT api.reserve_sales_order('r-4', test_support.id('so'), test_support.id('w'))$$,
    'is reserved again'
);
SELECT results_eq(
    $$SELECT DISTINCT b.batch_number FROM sales.sales_order_item AS soi
      JOIN inventory.reservation_line AS rl ON rl.reservation_id = soi.reservation_id
      JOIN catalog.product_batch AS b ON b.id = rl.batch_id
      WHERE soi.sales_order_id = test_support.id('so')$$,
    $$VALUES ('LATE')$$,
    'from the lot that is not held'
);
SELECT lives_ok(
    $$SELECT api.ship_sales_order('s-2', test_support.id('so'), 'DHL', 'T-2')$$, 'and ships'
);
SELECT ok(test_support.books_agree(), 'balances equal the ledger');

SELECT throws_ok(
    $$SELECT api.unreserve_sales_order(test_support.id('so'), pg_temp.v())$$,
    'SD003', NULL, 'a shipped order has nothing to give back'
);
SELECT throws_ok(
    $$SELECT api.unreserve_sales_order(test_support.id('so'), NULL)$$,
    '22023', 'version must not be null', 'no version is 22023'
);
SELECT throws_ok(
    $$SELECT api.unreserve_sales_order(test_support.id('so'), 1)$$, 'SD004', NULL, 'a stale version is SD004'
);
SELECT throws_ok(
    $$SELECT api.unreserve_sales_order(gen_random_uuid(), 1)$$, 'SD404', NULL, 'an unknown order is SD404'
);

SELECT set_config('stockdb.tenant_id', '', TRUE);
SELECT throws_ok(
    $$SELECT api.unreserve_sales_order(test_support.id('so'), 1)$$,
    '42501', 'no tenant context', 'without a tenant context it fails with 42501'
);

SELECT * FROM finish();
ROLLBACK;
