-- Text people type has one length limit per column (0058), for the api, the
-- import and the tables alike. The import held a phone to 50 characters, a
-- purchase order's notes to 2,000 and a name to 500, and the api and the
-- tables held none: api.create_customer stored a phone of 100,000 characters
-- and api.record_movement a reason as long, in the ledger. The api says so
-- with 22023 naming the argument; the tables' CHECKs hold the rest.
BEGIN;
SELECT plan(36);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.receive_stock('in-p', test_support.id('p'), test_support.id('a1'), 10);
    PERFORM api.receive_stock('in-l1', test_support.id('k'), test_support.id('a1'), 5, batch_number => 'L1');
    PERFORM test_support.remember('lot', test_support.batch('L1'));
    PERFORM test_support.remember('po', api.create_purchase_order(test_support.id('sup'), 'EUR'));
    PERFORM test_support.remember('res', api.reserve_stock('res-1', test_support.id('p'), test_support.id('w'), 1));
    PERFORM test_support.remember('u', api.create_user('clerk@example.com', 'sales'));
    PERFORM test_support.remember('so', api.create_sales_order(
        'so-1', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 2))
    ));
    PERFORM api.approve_sales_order(test_support.id('so'), test_support.version_of('sales.sales_order', test_support.id('so')));
    PERFORM api.reserve_sales_order('so-1-res', test_support.id('so'), test_support.id('w'));
    PERFORM api.ship_sales_order('so-1-ship', test_support.id('so'), 'DHL', 'T1');
    PERFORM test_support.remember('ship', (SELECT s.id FROM logistics.shipment AS s));
    PERFORM test_support.remember('line', (SELECT i.id FROM sales.sales_order_item AS i));
    PERFORM test_support.remember('so2', api.create_sales_order(
        'so-2', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1, 'unit_price_minor', 100)),
        'EUR'
    ));
END
$$;

-- The api, argument by argument: one character past the limit.
SELECT throws_ok(
    format(
        $$SELECT api.record_movement('m-1', 'consumption', %L, %L, 1, reason => repeat('r', 501))$$,
        test_support.id('p'), test_support.id('a1')
    ),
    '22023', 'reason is too long', 'api.record_movement refuses a reason over 500 characters'
);
SELECT is(
    test_support.error_hint(format(
        $$SELECT api.record_movement('m-1', 'consumption', %L, %L, 1, reason => repeat('r', 501))$$,
        test_support.id('p'), test_support.id('a1')
    )),
    'Pass at most 500 characters.',
    'its HINT gives the limit'
);
SELECT lives_ok(
    format(
        $$SELECT api.record_movement('m-2', 'consumption', %L, %L, 1, reason => repeat('r', 500))$$,
        test_support.id('p'), test_support.id('a1')
    ),
    'a reason of 500 characters is taken'
);
SELECT throws_ok(
    format(
        $$SELECT api.count_stock('c-1', %L, %L, NULL, 3, reason => repeat('r', 501))$$,
        test_support.id('p'), test_support.id('a1')
    ),
    '22023', 'reason is too long', 'api.count_stock refuses it'
);
SELECT throws_ok(
    format(
        $$SELECT api.count_stock_at('c-2', %L, %L, NULL, 3, now(), reason => repeat('r', 501))$$,
        test_support.id('p'), test_support.id('a1')
    ),
    '22023', 'reason is too long', 'api.count_stock_at refuses it'
);
SELECT throws_ok(
    format(
        $$SELECT api.return_sales_order_item('ret-1', %L, %L, 1, reason => repeat('r', 501))$$,
        test_support.id('line'), test_support.id('a1')
    ),
    '22023', 'reason is too long', 'api.return_sales_order_item refuses it'
);
SELECT throws_ok(
    format($$SELECT api.hold_batch(%L, 1, repeat('r', 501))$$, test_support.id('lot')),
    '22023', 'reason is too long', 'api.hold_batch refuses it'
);
SELECT throws_ok(
    format($$SELECT api.cancel_sales_order(%L, 1, repeat('r', 501))$$, test_support.id('so2')),
    '22023', 'reason is too long', 'api.cancel_sales_order refuses it'
);
SELECT throws_ok(
    format(
        $$SELECT api.reserve_stock('res-2', %L, %L, 1, reference => repeat('r', 501))$$,
        test_support.id('p'), test_support.id('w')
    ),
    '22023', 'reference is too long', 'api.reserve_stock refuses a reference over 500 characters'
);
SELECT throws_ok(
    format($$SELECT api.update_reservation(%L, 1, reference => repeat('r', 501))$$, test_support.id('res')),
    '22023', 'reference is too long', 'api.update_reservation refuses it'
);
SELECT throws_ok(
    format($$SELECT api.create_purchase_order(%L, 'EUR', notes => repeat('n', 2001))$$, test_support.id('sup')),
    '22023', 'notes is too long', 'api.create_purchase_order refuses notes over 2,000 characters'
);
SELECT throws_ok(
    format($$SELECT api.update_purchase_order(%L, 1, notes => repeat('n', 2001))$$, test_support.id('po')),
    '22023', 'notes is too long', 'api.update_purchase_order refuses them'
);
SELECT throws_ok(
    $$SELECT api.create_supplier('S2', repeat('n', 501))$$,
    '22023', 'name is too long', 'api.create_supplier refuses a name over 500 characters'
);
SELECT throws_ok(
    $$SELECT api.create_supplier('S2', 'Supplier', phone => repeat('5', 51))$$,
    '22023', 'phone is too long', 'and a phone over 50'
);
SELECT throws_ok(
    format($$SELECT api.update_supplier(%L, 1, phone => repeat('5', 51))$$, test_support.id('sup')),
    '22023', 'phone is too long', 'api.update_supplier refuses it'
);
SELECT throws_ok(
    format($$SELECT api.update_supplier(%L, 1, name => repeat('n', 501))$$, test_support.id('sup')),
    '22023', 'name is too long', 'and a name over 500'
);
SELECT throws_ok(
    $$SELECT api.create_customer('C2', repeat('n', 501))$$,
    '22023', 'name is too long', 'api.create_customer refuses a name over 500 characters'
);
SELECT throws_ok(
    $$SELECT api.create_customer('C2', 'Customer', phone => repeat('5', 51))$$,
    '22023', 'phone is too long', 'and a phone over 50'
);
SELECT throws_ok(
    format($$SELECT api.update_customer(%L, 1, phone => repeat('5', 51))$$, test_support.id('cust')),
    '22023', 'phone is too long', 'api.update_customer refuses it'
);
SELECT throws_ok(
    format($$SELECT api.update_customer(%L, 1, name => repeat('n', 501))$$, test_support.id('cust')),
    '22023', 'name is too long', 'and a name over 500'
);
SELECT throws_ok(
    $$SELECT api.create_warehouse('W3', repeat('n', 501))$$,
    '22023', 'name is too long', 'api.create_warehouse refuses a name over 500 characters'
);
SELECT throws_ok(
    format($$SELECT api.update_warehouse(%L, 1, name => repeat('n', 501))$$, test_support.id('w')),
    '22023', 'name is too long', 'api.update_warehouse refuses it'
);
SELECT throws_ok(
    $$SELECT api.create_carrier('UPS', repeat('n', 501))$$,
    '22023', 'name is too long', 'api.create_carrier refuses a name over 500 characters'
);
SELECT throws_ok(
    $$SELECT api.create_carrier('UPS', 'UPS', 'https://t.example/{tracking_number}' || repeat('x', 2000))$$,
    '22023', 'tracking_url_template is too long', 'and a tracking URL template over 2,000'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_carrier(%L, 1, tracking_url_template => 'https://t.example/{tracking_number}' || repeat('x', 2000))$$,
        test_support.id('dhl')
    ),
    '22023', 'tracking_url_template is too long', 'api.update_carrier refuses it'
);
SELECT throws_ok(
    format($$SELECT api.update_carrier(%L, 1, name => repeat('n', 501))$$, test_support.id('dhl')),
    '22023', 'name is too long', 'and a name over 500'
);
SELECT throws_ok(
    $$SELECT api.create_user('long@example.com', 'sales', display_name => repeat('n', 501))$$,
    '22023', 'display_name is too long', 'api.create_user refuses a display name over 500 characters'
);
SELECT throws_ok(
    format($$SELECT api.update_user(%L, 1, display_name => repeat('n', 501))$$, test_support.id('u')),
    '22023', 'display_name is too long', 'api.update_user refuses it'
);
SELECT throws_ok(
    format($$SELECT api.add_tracking_event(%L, 'in_transit', repeat('l', 501))$$, test_support.id('ship')),
    '22023', 'location is too long', 'api.add_tracking_event refuses a location over 500 characters'
);

-- The tables, for what reaches them past the api.
SELECT throws_ok(
    $$UPDATE sales.customer SET phone = repeat('5', 51)$$,
    '23514', 'new row for relation "customer" violates check constraint "customer_phone_length_check"',
    'a customer''s phone stays within 50 characters'
);
SELECT throws_ok(
    $$UPDATE procurement.supplier SET name = repeat('n', 501)$$,
    '23514', 'new row for relation "supplier" violates check constraint "supplier_name_length_check"',
    'a supplier''s name within 500'
);
SELECT throws_ok(
    $$UPDATE catalog.product SET description = repeat('d', 20001)$$,
    '23514', 'new row for relation "product" violates check constraint "product_description_length_check"',
    'a product''s description within 20,000'
);
SELECT throws_ok(
    $$UPDATE procurement.purchase_order SET notes = repeat('n', 2001)$$,
    '23514', 'new row for relation "purchase_order" violates check constraint "purchase_order_notes_length_check"',
    'a purchase order''s notes within 2,000'
);
SELECT throws_ok(
    $$UPDATE inventory.reservation SET reference = repeat('r', 501)$$,
    '23514', 'new row for relation "reservation" violates check constraint "reservation_reference_length_check"',
    'a reservation''s reference, which its ledger rows take as their reason, within 500'
);
SELECT throws_like(
    format(
        $$INSERT INTO inventory.stock_movement (tenant_id, movement_type, product_id, location_id, quantity, reason)
          VALUES (%L, 'adjustment', %L, %L, 1, repeat('r', 501))$$,
        test_support.default_tenant(), test_support.id('p'), test_support.id('a1')
    ),
    -- The message names the month's partition.
    '%violates check constraint "stock_movement_reason_length_check"',
    'a ledger row''s reason within 500'
);

-- The import's cells, the same limits.
SELECT results_eq(
    $$SELECT c.kind, c.column_name, c.max_length FROM staging.import_column AS c
      WHERE (c.kind, c.column_name) IN (('products', 'description'), ('customers', 'phone'),
                                        ('purchase_orders', 'notes'), ('cycle_counts', 'reason'))
      ORDER BY 1, 2$$,
    $$VALUES ('customers', 'phone', 50), ('cycle_counts', 'reason', 500), ('products', 'description', 20000),
             ('purchase_orders', 'notes', 2000)$$,
    'an import''s cells have the limits of their columns (a description 20,000, no longer 10,000)'
);

SELECT * FROM finish();
ROLLBACK;
