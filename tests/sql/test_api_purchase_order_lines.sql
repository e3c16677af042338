-- api.update_purchase_order_item and api.remove_purchase_order_item: a
-- buyer corrects a draft's line, or takes it off. Before them a wrong
-- quantity on a draft meant cancelling the whole order.
BEGIN;
SELECT plan(21);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM test_support.remember('po', api.create_purchase_order(test_support.id('sup'), 'EUR', number => 'PO-1'));
    PERFORM test_support.remember('lp', api.add_purchase_order_item(test_support.id('po'), 1, test_support.id('p'), 10, 250));
    PERFORM test_support.remember('lk', api.add_purchase_order_item(test_support.id('po'), 2, test_support.id('k'), 4, 100));
    PERFORM test_support.remember('sent', api.create_purchase_order(test_support.id('sup'), 'EUR', number => 'PO-2'));
    PERFORM test_support.remember('ls', api.add_purchase_order_item(test_support.id('sent'), 1, test_support.id('p'), 1, 1));
    PERFORM api.submit_purchase_order(test_support.id('sent'), 2);
END
$$;
CREATE FUNCTION pg_temp.v(order_key text) RETURNS integer LANGUAGE sql AS $$
    SELECT test_support.version_of('procurement.purchase_order', test_support.id(order_key))
$$;

SELECT cmp_ok(
    api.update_purchase_order_item(test_support.id('lp'), pg_temp.v('po'), quantity => 12),
    '>', 3,
    'update_purchase_order_item returns the order''s new version'
);
SELECT is(pg_temp.v('po'), (SELECT version FROM report.purchase_order_status WHERE number = 'PO-1'), 'the one the order has');
SELECT results_eq(
    $$SELECT quantity_ordered, unit_cost_minor, line_total_minor FROM procurement.purchase_order_item WHERE id = test_support.id('lp')$$,
    $$VALUES (12::numeric, 250::bigint, 3000::bigint)$$,
    'the line has its new quantity and the cost it had'
);
SELECT is(
    (SELECT total_minor FROM procurement.purchase_order WHERE id = test_support.id('po')), 3400::bigint,
    'and the order total follows'
);
SELECT lives_ok(
    $$SELECT api.update_purchase_order_item(test_support.id('lk'), pg_temp.v('po'), unit_cost_minor => 125)$$,
    'the cost alone can change'
);
SELECT is(
    (SELECT total_minor FROM procurement.purchase_order WHERE id = test_support.id('po')), 3500::bigint,
    'and the total follows again'
);
CREATE TEMP TABLE before_change AS SELECT pg_temp.v('po') AS version;
SELECT cmp_ok(
    api.update_purchase_order_item(test_support.id('lk'), (SELECT version FROM before_change), quantity => 2, unit_cost_minor => 250),
    '>', (SELECT version FROM before_change),
    'a change that keeps the line total (4 × 125 to 2 × 250) still bumps the order''s version'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order_item(test_support.id('lp'), 1, quantity => 5)$$,
    'SD004', NULL, 'a stale version is SD004'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order_item(test_support.id('lp'), NULL, quantity => 5)$$,
    '22023', 'version must not be null', 'no version is 22023'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order_item(gen_random_uuid(), 1, quantity => 5)$$,
    'SD404', NULL, 'an unknown line is SD404'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order_item(test_support.id('lp'), pg_temp.v('po'), quantity => 1.5)$$,
    '22023', 'quantity has more decimals than unit ea allows', 'a quantity is held to the product''s unit'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order_item(test_support.id('lp'), pg_temp.v('po'), unit_cost_minor => -1)$$,
    '22023', 'unit_cost_minor must be zero or more', 'a cost is zero or more'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order_item(
          test_support.id('lp'), pg_temp.v('po'), quantity => 99999999999, unit_cost_minor => 9223372036854775807
      )$$,
    '22023', 'the line total is too large', 'a line total must fit'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order_item(test_support.id('ls'), pg_temp.v('sent'), quantity => 5)$$,
    'SD003', 'purchase order PO-2 is ordered: lines can be changed on a draft only',
    'a submitted order''s lines stay as ordered'
);

SELECT throws_ok(
    $$SELECT api.remove_purchase_order_item(test_support.id('lk'), 1)$$,
    'SD004', NULL, 'a removal at a stale version is SD004'
);
SELECT throws_ok(
    $$SELECT api.remove_purchase_order_item(test_support.id('lk'), NULL)$$,
    '22023', 'version must not be null', 'and without one 22023'
);
SELECT lives_ok(
    $$SELECT api.remove_purchase_order_item(test_support.id('lk'), pg_temp.v('po'))$$,
    'remove_purchase_order_item takes a line off a draft'
);
SELECT results_eq(
    $$SELECT sku, quantity_ordered FROM report.purchase_order_lines WHERE number = 'PO-1'$$,
    $$VALUES ('P', 12::numeric)$$,
    'the other line stays'
);
SELECT is(
    (SELECT total_minor FROM procurement.purchase_order WHERE id = test_support.id('po')), 3000::bigint,
    'and the total drops by the line''s'
);
SELECT throws_ok(
    $$SELECT api.remove_purchase_order_item(test_support.id('lk'), pg_temp.v('po'))$$,
    'SD404', NULL, 'a removed line is not found'
);
SELECT throws_ok(
    $$SELECT api.remove_purchase_order_item(test_support.id('ls'), pg_temp.v('sent'))$$,
    'SD003', 'purchase order PO-2 is ordered: lines can be removed on a draft only',
    'nor is a submitted order''s line removed'
);

SELECT * FROM finish();
ROLLBACK;
