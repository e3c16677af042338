-- The report views an application reads what it changes through: ids by
-- code, and the version every update takes. Read as stockdb_app, which may
-- read no table: before them, no application could learn a version.
BEGIN;
SELECT plan(20);

DO $$
DECLARE
    v_tenant uuid := test_support.default_tenant();
BEGIN
    PERFORM test_support.trading_world();
    PERFORM test_support.remember('cat', test_support.make_category(v_tenant, 'Tools'));
    PERFORM test_support.remember('gone', test_support.make_product(v_tenant, 'GONE'));
    PERFORM api.delete_product(test_support.id('gone'), 1);
    PERFORM test_support.remember('old_sup', test_support.make_supplier(v_tenant, 'OLD'));
    PERFORM api.delete_supplier(test_support.id('old_sup'), 1);
    PERFORM test_support.remember('old_cust', test_support.make_customer(v_tenant, 'C-OLD'));
    PERFORM api.delete_customer(test_support.id('old_cust'), 1);
    PERFORM api.update_location(test_support.id('a2'), 1, capacity => 10);
    PERFORM api.receive_stock('in-p', test_support.id('p'), test_support.id('a1'), 4, 'LOT-1', '2031-01-31');
    PERFORM api.receive_stock('in-k', test_support.id('k'), test_support.id('a2'), 2.5);

    PERFORM test_support.remember('po', api.create_purchase_order(test_support.id('sup'), 'EUR', number => 'PO-1'));
    PERFORM test_support.remember('line', api.add_purchase_order_item(test_support.id('po'), 1, test_support.id('p'), 10, 250));
    PERFORM api.add_purchase_order_item(test_support.id('po'), 2, test_support.id('k'), 3, 100);
    PERFORM api.submit_purchase_order(test_support.id('po'), 3);
    PERFORM api.receive_purchase_order_item('rx-1', test_support.id('line'), test_support.id('a1'), 6, 'LOT-1');
    PERFORM test_support.remember('draft', api.create_purchase_order(test_support.id('sup'), 'EUR', number => 'PO-2'));

    PERFORM test_support.remember('so', api.create_sales_order(
        'so-1', test_support.id('cust'), jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 3)), number => 'SO-1'
    ));
    PERFORM test_support.remember('so2', api.create_sales_order(
        'so-2', test_support.id('cust'), jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1)), number => 'SO-2'
    ));
    PERFORM api.approve_sales_order(test_support.id('so'), test_support.version_of('sales.sales_order', test_support.id('so')));
    PERFORM api.reserve_sales_order('rso-1', test_support.id('so'), test_support.id('w'));
    PERFORM test_support.remember('ship', api.ship_sales_order('ship-1', test_support.id('so'), 'DHL', 'JD0146'));
    PERFORM api.reserve_stock('r-k', test_support.id('k'), test_support.id('w'), 1.5, 'counter sale');
    PERFORM test_support.open_to_app();
END
$$;

SET LOCAL ROLE stockdb_app;

SELECT results_eq(
    $$SELECT sku, active, version FROM report.products ORDER BY sku$$,
    $$VALUES ('K', TRUE, 2), ('P', TRUE, 2)$$,
    'report.products lists the live products with their versions, and not a deleted one'
);
SELECT is(
    api.update_product(
        (SELECT product_id FROM report.products WHERE sku = 'P'),
        (SELECT version FROM report.products WHERE sku = 'P'),
        name => 'Renamed', category_id => test_support.id('cat')
    ),
    3,
    'the version read there is the one api.update_product takes'
);
SELECT results_eq(
    $$SELECT name, category_path, version FROM report.products WHERE sku = 'P'$$,
    $$VALUES ('Renamed', 'Tools', 3)$$,
    'and the view shows the change, the category by its path'
);
SELECT results_eq(
    $$SELECT code, version FROM report.suppliers ORDER BY code$$,
    $$VALUES ('SUP', 1)$$,
    'report.suppliers leaves the deleted supplier out'
);
SELECT results_eq(
    $$SELECT code, email, version FROM report.customers ORDER BY code$$,
    $$VALUES ('C1', NULL, 1)$$,
    'report.customers leaves the deleted customer out'
);
SELECT results_eq(
    $$SELECT code, timezone, version FROM report.warehouses ORDER BY code$$,
    $$VALUES ('W', 'Europe/Berlin', 2), ('W2', 'UTC', 1)$$,
    'report.warehouses lists the warehouses with their versions'
);
SELECT results_eq(
    $$SELECT warehouse_code, code, kind::text, capacity, on_hand, room, version FROM report.locations ORDER BY warehouse_code, code$$,
    $$VALUES ('W', 'A1', 'storage', NULL::numeric, 7::numeric, NULL::numeric, 1),
             ('W', 'A2', 'storage', 10, 2.5, 7.5, 2),
             ('W', 'Q', 'quarantine', NULL, 0, NULL, 1),
             ('W2', 'S1', 'storage', NULL, 0, NULL, 1)$$,
    'report.locations shows what each holds and, under a capacity, the room left; no capacity is no limit'
);
SELECT results_eq(
    $$SELECT code, version FROM report.carriers$$,
    $$VALUES ('DHL', 1)$$,
    'report.carriers lists the carriers'
);
SELECT results_eq(
    $$SELECT name, name_path, depth::int, version FROM report.categories$$,
    $$VALUES ('Tools', 'Tools', 0, 1)$$,
    'report.categories lists the tree'
);
SELECT is(
    api.update_batch(
        (SELECT batch_id FROM report.batches WHERE sku = 'P' AND batch_number = 'LOT-1'),
        (SELECT version FROM report.batches WHERE sku = 'P' AND batch_number = 'LOT-1'),
        expiry_date => '2031-02-28'
    ),
    -- Version 2: the purchase order's receipt gave the lot its line's cost.
    3,
    'report.batches gives the id and version api.update_batch takes'
);
SELECT results_eq(
    $$SELECT sku, location_code, batch_number, expiry_date, on_hand, reserved, available
      FROM report.stock_by_location ORDER BY sku$$,
    $$VALUES ('K', 'A2', NULL, NULL::date, 2.5::numeric, 1.5::numeric, 1::numeric),
             ('P', 'A1', 'LOT-1', '2031-02-28', 7, 0, 7)$$,
    'report.stock_by_location shows stock where it lies, batch by batch'
);
SELECT results_eq(
    $$SELECT number, sku, quantity_ordered, quantity_received, quantity_open, status::text
      FROM report.purchase_order_lines ORDER BY sku$$,
    $$VALUES ('PO-1', 'K', 3::numeric, 0::numeric, 3::numeric, 'partial'),
             ('PO-1', 'P', 10, 6, 4, 'partial')$$,
    'report.purchase_order_lines shows each line and what is still to come'
);
SELECT lives_ok(
    format(
        $$SELECT api.add_purchase_order_item(%L, (SELECT version FROM report.purchase_order_status WHERE number = 'PO-2'), %L, 1, 1)$$,
        test_support.id('draft'), test_support.id('k')
    ),
    'report.purchase_order_status gives the version api.add_purchase_order_item takes'
);
SELECT is(
    api.approve_sales_order(
        test_support.id('so2'),
        (SELECT version FROM report.sales_order_fulfilment WHERE sales_order_id = test_support.id('so2'))
    ),
    3,
    'report.sales_order_fulfilment gives the version api.approve_sales_order takes'
);
SELECT results_eq(
    $$SELECT shipment_id, carrier_code, tracking_number, status::text FROM report.shipments$$,
    format($$VALUES (%L::uuid, 'DHL', 'JD0146', 'in_transit')$$, test_support.id('ship')),
    'report.shipments gives the id api.add_tracking_event takes'
);
SELECT results_eq(
    $$SELECT sku, warehouse_code, quantity, status::text, reference, sales_order_id FROM report.reservations ORDER BY sku$$,
    format($$VALUES ('K', 'W', 1.5::numeric, 'active', 'counter sale', NULL::uuid),
                    ('P', 'W', 3, 'fulfilled', 'SO-1', %L)$$, test_support.id('so')),
    'report.reservations lists reservations, a sales order''s with its order'
);
SELECT lives_ok(
    $$SELECT api.release_reservation('rel-k', (SELECT reservation_id FROM report.reservations WHERE sku = 'K'))$$,
    'and gives the id api.release_reservation takes'
);
SELECT results_eq(
    $$SELECT status::text FROM report.reservations WHERE sku = 'K'$$,
    $$VALUES ('released')$$,
    'which the view then shows released'
);
SELECT results_eq(
    $$SELECT number, status::text, sku, quantity, reservation_id IS NOT NULL FROM report.sales_order_lines ORDER BY number$$,
    $$VALUES ('SO-1', 'shipped', 'P', 3::numeric, TRUE), ('SO-2', 'approved', 'P', 1, FALSE)$$,
    'report.sales_order_lines shows each order''s lines and whether they are reserved'
);
SELECT throws_ok(
    'SELECT version FROM catalog.product', '42501', NULL,
    'the tables themselves stay closed to the app role'
);

RESET ROLE;
SELECT * FROM finish();
ROLLBACK;
