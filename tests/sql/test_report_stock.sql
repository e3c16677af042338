-- report.stock_on_hand, report.stock_valuation, report.batch_expiry and report.expiring_batches.
BEGIN;
SELECT plan(9);

DO $$
DECLARE
    v_today date := (now() AT TIME ZONE 'Europe/Berlin')::date;
BEGIN
    PERFORM test_support.stock_world();
    UPDATE catalog.product SET reorder_point = 10, safety_stock_level = 5, max_stock_level = 50
    WHERE id = test_support.id('p');
    PERFORM test_support.remember('l', test_support.make_product(test_support.default_tenant(), 'L'));
    UPDATE catalog.product SET reorder_point = 8, safety_stock_level = 5 WHERE id = test_support.id('l');
    PERFORM test_support.remember('m', test_support.make_product(test_support.default_tenant(), 'M'));

    PERFORM api.receive_stock('p-b1', test_support.id('p'), test_support.id('a1'), 8, 'B1', v_today + 10,
                              unit_cost_minor => 100, currency => 'EUR');
    PERFORM api.receive_stock('p-b2', test_support.id('p'), test_support.id('a2'), 4, 'B2', v_today + 100,
                              unit_cost_minor => 150, currency => 'EUR');
    PERFORM api.reserve_stock('p-res', test_support.id('p'), test_support.id('w'), 3);
    PERFORM api.receive_stock('p-w2', test_support.id('p'), test_support.id('s1'), 60);
    PERFORM api.receive_stock('k-in', test_support.id('k'), test_support.id('a1'), 1);
    PERFORM api.record_movement('k-use', 'consumption', test_support.id('k'), test_support.id('a1'), 1);
    PERFORM api.receive_stock('l-in', test_support.id('l'), test_support.id('a1'), 3);
    PERFORM api.receive_stock('m-in', test_support.id('m'), test_support.id('a1'), 5);
END
$$;

SELECT results_eq(
    $$SELECT sku, warehouse_code, on_hand, reserved, available, stock_status
      FROM report.stock_on_hand ORDER BY sku, warehouse_code$$,
    $$VALUES ('K', 'W', 0::numeric, 0::numeric, 0::numeric, 'out_of_stock'),
             ('L', 'W', 3, 0, 3, 'below_safety'),
             ('M', 'W', 5, 0, 5, 'ok'),
             ('P', 'W', 12, 3, 9, 'reorder'),
             ('P', 'W2', 60, 0, 60, 'overstock')$$,
    'stock_on_hand sums each product per warehouse and judges it against the product''s levels'
);
SELECT is(
    (SELECT count(*) FROM report.stock_on_hand WHERE tenant_id <> test_support.default_tenant()),
    0::bigint,
    'stock_on_hand shows only stock that exists'
);
SELECT results_eq(
    $$SELECT sku, warehouse_code, currency::text, on_hand, value_minor
      FROM report.stock_valuation WHERE sku = 'P' ORDER BY warehouse_code$$,
    $$VALUES ('P', 'W', 'EUR', 12::numeric, 1400::bigint), ('P', 'W2', NULL, 60, NULL)$$,
    'stock_valuation values each batch at its own cost; stock without a cost has no value'
);
SELECT is(
    (SELECT count(*) FROM report.stock_valuation WHERE sku = 'K'),
    0::bigint,
    'stock_valuation leaves out what is no longer on hand'
);
SELECT results_eq(
    $$SELECT batch_number, warehouse_code, days_to_expiry, on_hand, reserved FROM report.expiring_batches(30)$$,
    $$VALUES ('B1', 'W', 10, 8::numeric, 3::numeric)$$,
    'expiring_batches(30) lists the batch expiring in 10 days, with what of it is reserved'
);
SELECT results_eq(
    $$SELECT batch_number FROM report.expiring_batches(365)$$,
    $$VALUES ('B1'), ('B2')$$,
    'a longer horizon lists both batches, soonest first'
);
SELECT is_empty(
    $$SELECT * FROM report.expiring_batches(0)$$,
    'nothing expires today'
);
SELECT throws_ok(
    $$SELECT * FROM report.expiring_batches(-1)$$,
    '22023',
    'horizon_days must be zero or more',
    'a negative horizon fails with 22023'
);
SELECT ok(test_support.books_agree(), 'the books agree');

SELECT * FROM finish();
ROLLBACK;
