-- A purchase order may name the warehouse its goods are for: receipts go
-- into that warehouse only, and the reorder suggestions count what is on
-- order for the warehouse it is for. Before, an order named none, and one
-- order for W took W2 off the buyer's list too.
BEGIN;
SELECT plan(16);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    UPDATE catalog.product SET reorder_point = 50 WHERE id = test_support.id('p');
    PERFORM api.receive_stock('in-w', test_support.id('p'), test_support.id('a1'), 5);
    PERFORM api.receive_stock('in-w2', test_support.id('p'), test_support.id('s1'), 5);
END
$$;
CREATE FUNCTION pg_temp.v(key text) RETURNS integer LANGUAGE sql AS $$
    SELECT test_support.version_of('procurement.purchase_order', test_support.id(key))
$$;

SELECT lives_ok(
    $$SELECT test_support.remember('po', api.create_purchase_order(
        test_support.id('sup'), 'EUR', number => 'PO-W', warehouse_id => test_support.id('w')))$$,
    'an order for warehouse W'
);
SELECT is(
    (SELECT warehouse_code FROM report.purchase_order_status WHERE number = 'PO-W'), 'W',
    'report.purchase_order_status says which warehouse it is for'
);
SELECT throws_ok(
    $$SELECT api.create_purchase_order(test_support.id('sup'), 'EUR', warehouse_id => ops.uuid_v7())$$,
    'SD404', NULL, 'a warehouse the tenant has not is not found'
);
UPDATE warehouse.warehouse SET active = FALSE WHERE id = test_support.id('w2');
SELECT throws_ok(
    $$SELECT api.create_purchase_order(test_support.id('sup'), 'EUR', warehouse_id => test_support.id('w2'))$$,
    '22023', 'warehouse W2 is inactive', 'an inactive warehouse takes no order'
);
UPDATE warehouse.warehouse SET active = TRUE WHERE id = test_support.id('w2');

DO $$
BEGIN
    PERFORM test_support.remember('line', api.add_purchase_order_item(
        test_support.id('po'), pg_temp.v('po'), test_support.id('p'), 10, 250));
    PERFORM api.submit_purchase_order(test_support.id('po'), pg_temp.v('po'));
    -- An order that names no warehouse, as every order did before.
    PERFORM test_support.remember('po-any', api.create_purchase_order(test_support.id('sup'), 'EUR', number => 'PO-ANY'));
    PERFORM api.add_purchase_order_item(test_support.id('po-any'), pg_temp.v('po-any'), test_support.id('p'), 3, 250);
    PERFORM api.submit_purchase_order(test_support.id('po-any'), pg_temp.v('po-any'));
END
$$;
SELECT throws_ok(
    $$SELECT api.receive_purchase_order_item('rx-w2', test_support.id('line'), test_support.id('s1'), 4)$$,
    '22023', 'purchase order PO-W is for another warehouse', 'a receipt into W2 is refused'
);
SELECT is(
    test_support.error_detail(
        $$SELECT api.receive_purchase_order_item('rx-w2', test_support.id('line'), test_support.id('s1'), 4)$$
    ),
    'The order is for warehouse W; location S1 is in warehouse W2.',
    'the DETAIL names both warehouses'
);
SELECT lives_ok(
    $$SELECT api.receive_purchase_order_item('rx-w', test_support.id('line'), test_support.id('a1'), 4)$$,
    'a receipt into W is taken'
);
SELECT results_eq(
    $$SELECT warehouse_code, on_order FROM report.reorder_suggestions WHERE sku = 'P' ORDER BY 1$$,
    $$VALUES ('W', 9.000), ('W2', 3.000)$$,
    'W counts what is still to come on its order and on the order for any warehouse; W2 only the latter'
);

SELECT lives_ok(
    $$SELECT api.update_purchase_order(test_support.id('po'), pg_temp.v('po'), warehouse_id => test_support.id('w2'))$$,
    'the rest of the order goes to W2 instead'
);
SELECT results_eq(
    $$SELECT warehouse_code, on_order FROM report.reorder_suggestions WHERE sku = 'P' ORDER BY 1$$,
    $$VALUES ('W', 3.000), ('W2', 9.000)$$,
    'and counts there'
);
SELECT lives_ok(
    $$SELECT api.receive_purchase_order_item('rx-w2-2', test_support.id('line'), test_support.id('s1'), 2)$$,
    'a receipt into W2 is now taken'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order(test_support.id('po'), pg_temp.v('po'), warehouse_id => ops.uuid_v7())$$,
    'SD404', NULL, 'an unknown warehouse is not found'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_purchase_order(%L, %s, warehouse_id => %L, clear => '{warehouse_id}')$$,
        test_support.id('po'), pg_temp.v('po'), test_support.id('w')
    ),
    '22023', NULL, 'a warehouse both given and cleared is refused'
);
SELECT lives_ok(
    $$SELECT api.update_purchase_order(test_support.id('po'), pg_temp.v('po'), clear => '{warehouse_id}')$$,
    'clear leaves the order for any warehouse'
);
SELECT is(
    (SELECT warehouse_id FROM procurement.purchase_order WHERE id = test_support.id('po')), NULL,
    'it names none'
);
SELECT ok(test_support.books_agree(), 'the books agree');

SELECT * FROM finish();
ROLLBACK;
