-- Every error an api call raises carries a DETAIL with the values involved
-- (DESIGN.md). These 50 were raised with a message and a HINT only, until
-- test_catalog's rule (test_every_error_raised_gives_its_sqlstate_detail_and_hint)
-- went looking; each case here reaches one of them, so a DETAIL that fails
-- to render (a format() with the wrong arguments) shows.
BEGIN;
SELECT plan(55);

DO $$
DECLARE
    v_po uuid;
    v_so uuid;
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 20, 'LOT-1', '2031-01-01');
    PERFORM test_support.remember('lot', test_support.batch('LOT-1'));

    -- Purchase orders: an empty draft, a submitted one, one cancelled.
    PERFORM test_support.remember('po-empty', api.create_purchase_order(test_support.id('sup'), 'EUR', number => 'PO-E'));
    v_po := api.create_purchase_order(test_support.id('sup'), 'EUR', number => 'PO-S');
    PERFORM test_support.remember('po-s', v_po);
    PERFORM test_support.remember('po-s-line', api.add_purchase_order_item(
        v_po, test_support.version_of('procurement.purchase_order', v_po), test_support.id('k'), 5, 100
    ));
    PERFORM api.submit_purchase_order(v_po, test_support.version_of('procurement.purchase_order', v_po), now() + interval '1 day');
    v_po := api.create_purchase_order(test_support.id('sup'), 'EUR', number => 'PO-C');
    PERFORM test_support.remember('po-c', v_po);
    PERFORM api.cancel_purchase_order(v_po, test_support.version_of('procurement.purchase_order', v_po));
    PERFORM test_support.remember('po-d', api.create_purchase_order(test_support.id('sup'), 'EUR', number => 'PO-D'));
    PERFORM test_support.remember('po-d-line', api.add_purchase_order_item(
        test_support.id('po-d'), test_support.version_of('procurement.purchase_order', test_support.id('po-d')),
        test_support.id('k'), 5, 100
    ));

    -- A sales order of two lines, approved, and one shipped.
    v_so := api.create_sales_order('so-1', test_support.id('cust'), jsonb_build_array(
        jsonb_build_object('product_id', test_support.id('p'), 'quantity', 2),
        jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1.5, 'unit_price_minor', 400)
    ), number => 'SO-1');
    PERFORM test_support.remember('so', v_so);
    PERFORM test_support.remember('so-line-p', (
        SELECT id FROM sales.sales_order_item WHERE sales_order_id = v_so AND product_id = test_support.id('p')
    ));
    PERFORM test_support.remember('so-line-k', (
        SELECT id FROM sales.sales_order_item WHERE sales_order_id = v_so AND product_id = test_support.id('k')
    ));
    v_so := api.create_sales_order('so-2', test_support.id('cust'), jsonb_build_array(
        jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1)
    ), number => 'SO-2');
    PERFORM api.approve_sales_order(v_so, test_support.version_of('sales.sales_order', v_so));
    PERFORM api.reserve_sales_order('rso-2', v_so, test_support.id('w'));
    PERFORM test_support.remember('shipment', api.ship_sales_order('ship-2', v_so, 'DHL', 'TRK-2'));

    -- A reservation released.
    PERFORM test_support.remember('res', api.reserve_stock('res-1', test_support.id('p'), test_support.id('w'), 1, 'cart 7'));
    PERFORM api.release_reservation('rel-1', test_support.id('res'));

    -- What is inactive: a supplier, a customer, a warehouse, a location, a product.
    PERFORM test_support.remember('sup-off', test_support.make_supplier(test_support.default_tenant(), 'SUP-OFF'));
    UPDATE procurement.supplier SET active = false WHERE id = test_support.id('sup-off');
    PERFORM test_support.remember('cust-off', test_support.make_customer(test_support.default_tenant(), 'C-OFF'));
    UPDATE sales.customer SET active = false WHERE id = test_support.id('cust-off');
    PERFORM test_support.remember('w-off', test_support.make_warehouse(test_support.default_tenant(), 'W-OFF'));
    UPDATE warehouse.warehouse SET active = false WHERE id = test_support.id('w-off');
    PERFORM test_support.remember('l-off', test_support.make_location(test_support.default_tenant(), test_support.id('w'), 'L-OFF'));
    UPDATE warehouse.location SET active = false WHERE id = test_support.id('l-off');
    PERFORM test_support.remember('p-off', test_support.make_product(test_support.default_tenant(), 'P-OFF'));
    UPDATE catalog.product SET active = false WHERE id = test_support.id('p-off');
    PERFORM test_support.remember('cat', api.create_category('Tools'));
    PERFORM test_support.remember('p-so', test_support.make_product(test_support.default_tenant(), 'P-SO'));
    PERFORM api.create_sales_order('so-3', test_support.id('cust'), jsonb_build_array(
        jsonb_build_object('product_id', test_support.id('p-so'), 'quantity', 1, 'unit_price_minor', 100)
    ), currency => 'EUR', number => 'SO-3');
END
$$;

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.add_purchase_order_item(%L, %s, %L, 1, 100)$$, test_support.id('po-s'),
        test_support.version_of('procurement.purchase_order', test_support.id('po-s')), test_support.id('k')
    )),
    format('order_id => %s: purchase order PO-S is ordered; a submitted order''s lines are fixed.', test_support.id('po-s')),
    'add_purchase_order_item on a submitted order: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.update_purchase_order_item(%L, %s, quantity => 2)$$, test_support.id('po-s-line'),
        test_support.version_of('procurement.purchase_order', test_support.id('po-s'))
    )),
    format(
        'item_id => %s is a line of purchase order PO-S, ordered; a submitted order''s lines are fixed.',
        test_support.id('po-s-line')
    ),
    'update_purchase_order_item on a submitted order: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.submit_purchase_order(%L, %s)$$, test_support.id('po-empty'),
        test_support.version_of('procurement.purchase_order', test_support.id('po-empty'))
    )),
    format('order_id => %s: purchase order PO-E is a draft without lines.', test_support.id('po-empty')),
    'submit_purchase_order of a draft without lines: its DETAIL'
);

SELECT is(
    test_support.error_detail(
        format($$SELECT api.receive_purchase_order_item('r-1', %L, %L, 1)$$, test_support.id('po-d-line'), test_support.id('a1'))
    ),
    format(
        'item_id => %s is a line of purchase order PO-D, draft; goods are received on ordered or partly received orders.',
        test_support.id('po-d-line')
    ),
    'receive_purchase_order_item on a draft: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.receive_purchase_order_item('r-2', %L, %L, 1, 'B', '2030-01-01', '2031-01-01')$$,
        test_support.id('po-s-line'), test_support.id('a1')
    )),
    'manufacture_date => 2031-01-01, expiry_date => 2030-01-01.',
    'receive_purchase_order_item of a batch expiring before it was made: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.update_purchase_order(%L, %s, notes => 'late')$$, test_support.id('po-c'),
        test_support.version_of('procurement.purchase_order', test_support.id('po-c'))
    )),
    format('order_id => %s: purchase order PO-C is cancelled.', test_support.id('po-c')),
    'update_purchase_order of a cancelled order: its DETAIL'
);

SELECT is(
    test_support.error_detail(format($$SELECT api.create_purchase_order(%L, 'EUR')$$, test_support.id('sup-off'))),
    format('supplier_id => %s: supplier SUP-OFF is marked inactive.', test_support.id('sup-off')),
    'create_purchase_order to an inactive supplier: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.update_product(%L, %s, preferred_supplier_id => %L)$$, test_support.id('p'),
        test_support.version_of('catalog.product', test_support.id('p')), test_support.id('sup-off')
    )),
    format('preferred_supplier_id => %s: supplier SUP-OFF is marked inactive.', test_support.id('sup-off')),
    'update_product preferring an inactive supplier: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.create_sales_order('so-off', %L, '[{"product_id": "%s", "quantity": 1}]')$$,
        test_support.id('cust-off'), test_support.id('p')
    )),
    format('customer_id => %s: customer C-OFF is marked inactive.', test_support.id('cust-off')),
    'create_sales_order for an inactive customer: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.create_sales_order('so-neg', %L, '[{"product_id": "%s", "quantity": 1}]', shipping_minor => -1)$$,
        test_support.id('cust'), test_support.id('p')
    )),
    'shipping_minor => -1, tax_minor => 0.',
    'create_sales_order with negative shipping: its DETAIL'
);

SELECT is(
    test_support.error_detail(format($$SELECT api.reserve_stock('res-off', %L, %L, 1)$$, test_support.id('p'), test_support.id('w-off'))),
    format('warehouse_id => %s: warehouse W-OFF is marked inactive.', test_support.id('w-off')),
    'a reserve in an inactive warehouse: its DETAIL'
);

SELECT is(
    test_support.error_detail($$SELECT api.reserve_stock('res-null', test_support.id('p'), NULL, 1)$$),
    'warehouse_id => NULL names no warehouse.',
    'a reserve naming no warehouse: its DETAIL'
);

SELECT is(
    test_support.error_detail(format($$SELECT api.receive_stock('in-off', %L, %L, 1)$$, test_support.id('p'), test_support.id('l-off'))),
    format('location_id => %s: location L-OFF is marked inactive.', test_support.id('l-off')),
    'a receipt into an inactive location: its DETAIL'
);

SELECT is(
    test_support.error_detail(
        format($$SELECT api.transfer_stock('t-null', %L, %L, NULL, 1)$$, test_support.id('p'), test_support.id('a1'))
    ),
    'to_location_id => NULL names no location.',
    'a transfer to no location: its DETAIL'
);

SELECT is(
    test_support.error_detail(format($$SELECT api.receive_stock('in-poff', %L, %L, 1)$$, test_support.id('p-off'), test_support.id('a1'))),
    'Product P-OFF is marked inactive: it takes no new business.',
    'a receipt of an inactive product: its DETAIL'
);

SELECT is(
    test_support.error_detail(format($$SELECT api.stock_level(NULL::uuid, %L)$$, test_support.id('w'))),
    'product_id => NULL names no product.',
    'stock_level of no product: its DETAIL'
);

SELECT is(
    test_support.error_detail(
        format($$SELECT api.receive_stock('in-b', %L, %L, 1, expiry_date => '2031-01-01')$$, test_support.id('p'), test_support.id('a1'))
    ),
    'batch_number => NULL, expiry_date => 2031-01-01, manufacture_date => NULL, unit_cost_minor => NULL.',
    'receive_stock with an expiry but no batch: its DETAIL'
);

SELECT is(
    test_support.error_detail(
        format(
            $$SELECT api.record_movement('adj-1', 'adjustment', %L, %L, -1, reason => '  ')$$, test_support.id('p'), test_support.id('a1')
        )
    ),
    'reason => ''  ''.',
    'an adjustment with a blank reason: its DETAIL'
);

SELECT is(
    test_support.error_detail($$SELECT api.fulfil_reservation('f-null', NULL)$$),
    'reservation_id => NULL names no reservation.',
    'fulfil_reservation of no reservation: its DETAIL'
);

SELECT is(
    test_support.error_detail($$SELECT api.release_reservation('r-null', NULL)$$),
    'reservation_id => NULL names no reservation.',
    'release_reservation of no reservation: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.update_reservation(%L, %s, reference => 'x')$$, test_support.id('res'),
        test_support.version_of('inventory.reservation', test_support.id('res'))
    )),
    format('Reservation %s (reference ''cart 7'') is released; its stock is no longer held.', test_support.id('res')),
    'update_reservation of a released reservation: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.lift_batch_hold(%L, %s)$$, test_support.id('lot'),
        test_support.version_of('catalog.product_batch', test_support.id('lot'))
    )),
    format('batch_id => %s: batch LOT-1 has no hold to lift.', test_support.id('lot')),
    'lift_batch_hold of a batch not on hold: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.cancel_sales_order(%L, %s, NULL)$$, test_support.id('so'),
        test_support.version_of('sales.sales_order', test_support.id('so'))
    )),
    'reason => NULL.',
    'cancel_sales_order without a reason: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.split_sales_order('sp-1', %L, %s, '[{"item_id": "%s"}]')$$, test_support.id('so'),
        test_support.version_of('sales.sales_order', test_support.id('so')), test_support.id('po-s-line')
    )),
    format('No line of sales order SO-1 has the id %s.', test_support.id('po-s-line')),
    'split_sales_order naming a line of another document: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.split_sales_order('sp-2', %L, %s, '[{"item_id": "%s", "quantity": 1.6}]')$$, test_support.id('so'),
        test_support.version_of('sales.sales_order', test_support.id('so')), test_support.id('so-line-k')
    )),
    'The line of 1.5 K on sales order SO-1; quantity => 1.6.',
    'split_sales_order moving more than a line has: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.split_sales_order('sp-3', %L, %s, '[{"item_id": "%s"}, {"item_id": "%s"}]')$$, test_support.id('so'),
        test_support.version_of('sales.sales_order', test_support.id('so')), test_support.id('so-line-p'),
        test_support.id('so-line-k')
    )),
    format(
        'lines => [{"item_id": "%s"}, {"item_id": "%s"}] names all of the order''s lines, whole.',
        test_support.id('so-line-p'), test_support.id('so-line-k')
    ),
    'split_sales_order moving every line: its DETAIL'
);

SELECT is(
    test_support.error_detail(format($$SELECT api.add_tracking_event(%L, 'lost')$$, test_support.id('shipment'))),
    'status => ''lost''.',
    'add_tracking_event with an unknown status: its DETAIL'
);

SELECT is(
    test_support.error_detail(format($$SELECT api.add_tracking_event(%L, 'in_transit', details => '[1]')$$, test_support.id('shipment'))),
    'details => [1].',
    'add_tracking_event with details that are no object: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.delete_customer(%L, %s)$$, test_support.id('cust'),
        test_support.version_of('sales.customer', test_support.id('cust'))
    )),
    'It has 2 sales order(s) pending, approved or processing; SO-1 is the first.',
    'delete_customer with an open order: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.delete_supplier(%L, %s)$$, test_support.id('sup'),
        test_support.version_of('procurement.supplier', test_support.id('sup'))
    )),
    'It has 3 purchase order(s) draft, ordered or partly received; PO-D is the first.',
    'delete_supplier with open orders: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.delete_product(%L, %s)$$, test_support.id('k'),
        test_support.version_of('catalog.product', test_support.id('k'))
    )),
    'It is on 2 purchase order(s) draft, ordered or partly received; PO-D is the first.',
    'delete_product on open purchase orders: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.delete_product(%L, %s)$$, test_support.id('p-so'),
        test_support.version_of('catalog.product', test_support.id('p-so'))
    )),
    'It is on 1 sales order(s) pending, approved or processing; SO-3 is the first.',
    'delete_product on an open sales order: its DETAIL'
);

SELECT is(
    test_support.error_detail($$SELECT api.create_customer('C9', 'x', shipping_address => '"street"')$$),
    'shipping_address => "street".',
    'create_customer with an address that is no object: its DETAIL'
);

SELECT is(
    test_support.error_detail($$SELECT api.create_supplier('S9', 'x', address => '[]')$$),
    'address => [].',
    'create_supplier with an address that is no object: its DETAIL'
);

SELECT is(
    test_support.error_detail($$SELECT api.create_warehouse('W9', 'x', address => '1')$$),
    'address => 1.',
    'create_warehouse with an address that is no object: its DETAIL'
);

SELECT is(
    test_support.error_detail($$SELECT api.create_warehouse('W9', 'x', timezone => 'Mars/Olympus')$$),
    'timezone => ''Mars/Olympus''.',
    'create_warehouse in an unknown time zone: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.update_warehouse(%L, %s, timezone => 'Mars/Olympus')$$, test_support.id('w'),
        test_support.version_of('warehouse.warehouse', test_support.id('w'))
    )),
    'timezone => ''Mars/Olympus''.',
    'update_warehouse to an unknown time zone: its DETAIL'
);

SELECT is(
    test_support.error_detail($$SELECT api.create_product('X9', 'x', unit => 'furlong')$$),
    'unit => ''furlong''.',
    'create_product in an unknown unit: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.update_product(%L, %s, unit => 'furlong')$$, test_support.id('p-off'),
        test_support.version_of('catalog.product', test_support.id('p-off'))
    )),
    'unit => ''furlong''.',
    'update_product to an unknown unit: its DETAIL'
);

SELECT is(
    test_support.error_detail($$SELECT api.create_product('X9', 'x', reorder_point => -1)$$),
    'reorder_point => -1, safety_stock_level => 0, min_stock_level => 0.',
    'create_product with a negative level: its DETAIL'
);

SELECT is(
    test_support.error_detail($$SELECT api.create_product('X9', 'x', attributes => '[]')$$),
    'attributes => [].',
    'create_product with attributes that are no object: its DETAIL'
);

SELECT is(
    test_support.error_detail(format($$SELECT api.create_location(%L, 'L9', NULL)$$, test_support.id('w'))),
    'kind => NULL names no kind of location.',
    'create_location of no kind: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.update_location(%L, %s, capacity => -2)$$, test_support.id('a2'),
        test_support.version_of('warehouse.location', test_support.id('a2'))
    )),
    'capacity => -2.',
    'update_location to a negative capacity: its DETAIL'
);

SELECT is(
    test_support.error_detail($$SELECT api.update_category(test_support.id('cust'), 1, name => 'x')$$),
    'No category with this id belongs to the calling tenant.',
    'update_category of an id that is no category: its DETAIL'
);

SELECT is(
    test_support.error_detail($$SELECT api.update_customer(test_support.id('sup'), 1, name => 'x')$$),
    'No live customer with this id belongs to the calling tenant.',
    'update_customer of an id that is no customer: its DETAIL'
);

SELECT is(
    test_support.error_detail($$SELECT api.update_carrier(test_support.id('sup'), 1, name => 'x')$$),
    'No carrier with this id belongs to the calling tenant.',
    'update_carrier of an id that is no carrier: its DETAIL'
);

SELECT is(
    test_support.error_detail(format(
        $$SELECT api.update_category(%L, 1, parent_id => %L, make_root => true)$$, test_support.id('cat'),
        test_support.id('cat')
    )),
    format('make_root => true, parent_id => %s.', test_support.id('cat')),
    'update_category told both to move and to become a root: its DETAIL'
);

SELECT is(
    test_support.error_detail($$SELECT api.update_supplier(test_support.id('cust'), 1, name => 'x')$$),
    'No live supplier with this id belongs to the calling tenant.',
    'update_supplier of an id that is no supplier: its DETAIL'
);

SELECT is(
    test_support.error_detail($$SELECT api.update_location(test_support.id('w'), 1, capacity => 1)$$),
    'No location with this id belongs to the calling tenant.',
    'update_location of an id that is no location: its DETAIL'
);

SELECT is(
    test_support.error_detail($$SELECT api.update_warehouse(test_support.id('a1'), 1, name => 'x')$$),
    'No warehouse with this id belongs to the calling tenant.',
    'update_warehouse of an id that is no warehouse: its DETAIL'
);

-- A NULL argument shows as NULL in a DETAIL, not as nothing (`unit_price_minor => ,`).
SELECT is(
    test_support.error_detail($$SELECT api.create_product('X8', 'x', currency => 'EUR')$$),
    'unit_price_minor => NULL, currency => ''EUR''.',
    'create_product with a currency and no price: its DETAIL shows the NULL'
);
SELECT is(
    test_support.error_detail($$SELECT api.create_product('X8', 'x', lead_time_days => NULL)$$),
    'lead_time_days => NULL.',
    'create_product with a NULL lead time: its DETAIL shows the NULL'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.add_purchase_order_item(%L, %s, %L, 1, NULL)$$, test_support.id('po-d'),
        test_support.version_of('procurement.purchase_order', test_support.id('po-d')), test_support.id('p')
    )),
    'unit_cost_minor => NULL.',
    'add_purchase_order_item without a cost: its DETAIL shows the NULL'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.update_product(%L, %s, reorder_point => -1)$$, test_support.id('p'),
        test_support.version_of('catalog.product', test_support.id('p'))
    )),
    'reorder_point => -1, safety_stock_level => NULL, min_stock_level => NULL.',
    'update_product with one negative level: its DETAIL shows the others as NULL'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.update_sales_order(%L, %s, shipping_minor => -1)$$, test_support.id('so'),
        test_support.version_of('sales.sales_order', test_support.id('so'))
    )),
    'shipping_minor => -1, tax_minor => NULL.',
    'update_sales_order with a negative shipping: its DETAIL shows the tax as NULL'
);

SELECT * FROM finish();
ROLLBACK;
