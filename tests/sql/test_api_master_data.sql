-- Master data through the api: warehouses, locations, categories, products, partners.
BEGIN;
SELECT plan(118);

DO $$
BEGIN
    PERFORM api.set_context(test_support.default_tenant());
    PERFORM test_support.remember('w', api.create_warehouse('BER', 'Berlin', '{"city": "Berlin"}', 'Europe/Berlin'));
    PERFORM test_support.remember('l', api.create_location(test_support.id('w'), 'A-01', 'picking', 40));
    PERFORM test_support.remember('root', api.create_category('Hardware'));
    PERFORM test_support.remember('sub', api.create_category('Bolts', test_support.id('root')));
    PERFORM test_support.remember('p', api.create_product(
        sku => 'M8', name => 'Bolt M8', category_id => test_support.id('sub'), unit => 'box',
        unit_price_minor => 450, currency => 'EUR', reorder_point => 20, lead_time_days => 5,
        hs_code => '731815', country_of_origin => 'DE', attributes => '{"thread": "M8"}'
    ));
    PERFORM test_support.remember('s', api.create_supplier('ACME', 'Acme GmbH', 'buy@acme.example'));
    PERFORM test_support.remember('c', api.create_customer('C1', 'Corner Shop', shipping_address => '{"city": "Leipzig"}'));
    PERFORM test_support.remember('k', api.create_carrier('DHL', 'DHL', 'https://track.example/{tracking_number}'));
END
$$;

SELECT results_eq(
    format('SELECT code, timezone FROM warehouse.warehouse WHERE id = %L', test_support.id('w')),
    $$VALUES ('BER', 'Europe/Berlin')$$, 'create_warehouse creates the warehouse'
);
SELECT results_eq(
    format('SELECT warehouse_id, kind::text, capacity FROM warehouse.location WHERE id = %L', test_support.id('l')),
    format($$VALUES (%L::uuid, 'picking', 40.000::numeric(14, 3))$$, test_support.id('w')),
    'create_location creates the location in its warehouse'
);
SELECT is(
    (SELECT depth FROM catalog.product_category WHERE id = test_support.id('sub')), 1::smallint,
    'create_category hangs a category under its parent'
);
SELECT results_eq(
    format('SELECT sku, unit, currency::text, reorder_point, category_id FROM catalog.product WHERE id = %L', test_support.id('p')),
    format($$VALUES ('M8', 'box', 'EUR', 20.000::numeric(14, 3), %L::uuid)$$, test_support.id('sub')),
    'create_product creates the product with its levels and category'
);
SELECT is((SELECT code FROM procurement.supplier WHERE id = test_support.id('s')), 'ACME', 'create_supplier creates the supplier');
SELECT
    is(
        (SELECT shipping_address ->> 'city' FROM sales.customer WHERE id = test_support.id('c')),
        'Leipzig',
        'create_customer creates the customer'
    );
SELECT is((SELECT code FROM logistics.carrier WHERE id = test_support.id('k')), 'DHL', 'create_carrier creates the carrier');

SELECT
    throws_ok(
        $$SELECT api.create_warehouse('has space', 'x')$$, '22023', 'code is missing or malformed', 'a code with spaces fails with 22023'
    );
SELECT
    throws_ok(
        $$SELECT api.create_warehouse('X', 'x', '{}', 'Mars/Base')$$,
        '22023',
        'unknown time zone Mars/Base',
        'an unknown time zone fails with 22023'
    );
SELECT
    throws_ok(
        $$SELECT api.create_warehouse('BER', 'again')$$,
        '23505',
        'warehouse code BER is already used',
        'a warehouse code is unique per tenant (23505)'
    );
SELECT throws_ok(
    format($$SELECT api.create_location(%L, 'A-02', 'storage', 0)$$, test_support.id('w')),
    '22023', 'capacity must be positive', 'a capacity of zero fails with 22023'
);
SELECT throws_ok(
    $$SELECT api.create_location('00000000-0000-7000-8000-00000000dead', 'A-02')$$,
    'SD404', 'warehouse 00000000-0000-7000-8000-00000000dead not found', 'a location in an unknown warehouse fails with SD404'
);
SELECT throws_ok(
    $$SELECT api.create_category('Orphan', '00000000-0000-7000-8000-00000000dead')$$,
    'SD404', 'category 00000000-0000-7000-8000-00000000dead not found', 'an unknown parent category fails with SD404'
);
SELECT throws_ok($$SELECT api.create_category('  ')$$, '22023', 'name is missing or malformed', 'a blank category name fails with 22023');
SELECT
    throws_ok(
        $$SELECT api.create_product('X1', 'x', unit => 'furlong')$$, '22023', 'unknown unit furlong', 'an unknown unit fails with 22023'
    );
SELECT throws_ok(
    $$SELECT api.create_product('X2', 'x', unit_price_minor => 100)$$,
    '22023', 'a price needs both unit_price_minor (zero or more) and an ISO 4217 currency', 'a price without a currency fails with 22023'
);
SELECT
    throws_ok(
        $$SELECT api.create_product('X3', 'x', reorder_point => -1)$$,
        '22023',
        'stock levels must be zero or more',
        'a negative level fails with 22023'
    );
SELECT
    throws_ok(
        $$SELECT api.create_product('X4', 'x', hs_code => 'abc')$$,
        '22023',
        'hs_code or country_of_origin is malformed',
        'a malformed HS code fails with 22023'
    );
SELECT throws_ok(
    $$SELECT api.create_product('X5', 'x', category_id => '00000000-0000-7000-8000-00000000dead')$$,
    'SD404', 'category 00000000-0000-7000-8000-00000000dead not found', 'an unknown category fails with SD404'
);
SELECT
    throws_ok(
        $$SELECT api.create_product('M8', 'again')$$,
        '23505',
        'SKU M8 is already used',
        'a live SKU is unique (23505)'
    );
SELECT
    throws_ok(
        $$SELECT api.create_supplier('S2', 'x', 'not-an-email')$$,
        '22023',
        'email is malformed',
        'a malformed supplier email fails with 22023'
    );
SELECT
    throws_ok(
        format('SELECT api.create_supplier(''S2'', ''x'', %L)', 'esc' || chr(27) || '[2J@x.example'),
        '22023',
        'email is malformed',
        'so does one with a control character (an escape sequence)'
    );
SELECT
    throws_ok(
        $$SELECT api.create_customer('C2', 'x', billing_address => '[]')$$,
        '22023',
        'billing_address must be a JSON object',
        'a non-object address fails with 22023, naming the argument as update_customer does'
    );
SELECT throws_ok(
    $$SELECT api.create_carrier('UPS', 'UPS', 'ftp://nope')$$,
    '22023', 'tracking_url_template must be an http(s) URL containing {tracking_number}', 'a bad tracking URL template fails with 22023'
);
SELECT throws_ok(
    $sql$DO $x$ BEGIN PERFORM set_config('stockdb.tenant_id', '', true); PERFORM api.create_carrier('X', 'X'); END $x$$sql$,
    '42501', 'no tenant context', 'without a tenant context, master data cannot be created'
);

-- Updates take the version the caller read
SELECT is(
    api.update_product(test_support.id('p'), 1, name => 'Bolt M8, zinc', reorder_point => 30), 2,
    'update_product changes the given fields and returns the new version'
);
SELECT results_eq(
    format('SELECT name, reorder_point, unit FROM catalog.product WHERE id = %L', test_support.id('p')),
    $$VALUES ('Bolt M8, zinc', 30.000::numeric(14, 3), 'box')$$,
    'fields not given stay as they were'
);
SELECT throws_ok(
    format($$SELECT api.update_product(%L, 1, name => 'late')$$, test_support.id('p')),
    'SD004', format('product %s was changed by someone else', test_support.id('p')),
    'an update at a stale version fails with SD004'
);
SELECT throws_ok(
    format($$SELECT api.update_product(%L, 2, lead_time_days => -1)$$, test_support.id('p')),
    '22023', 'lead_time_days must be between 0 and 3650',
    'a lead time out of range is refused as create_product refuses it (it was the table''s 23514)'
);
SELECT throws_ok(
    format($$SELECT api.update_product(%L, 2, reorder_point => -1)$$, test_support.id('p')),
    '22023', 'stock levels must be zero or more',
    'and so is a negative stock level'
);
SELECT throws_ok(
    $$SELECT api.update_product('00000000-0000-7000-8000-00000000dead', 1)$$,
    'SD404', 'product 00000000-0000-7000-8000-00000000dead not found', 'updating an unknown product fails with SD404'
);
-- The supplier reorder suggestions propose: no call could set it before.
SELECT is(
    api.update_product(test_support.id('p'), 2, preferred_supplier_id => test_support.id('s')), 3,
    'update_product sets the preferred supplier'
);
SELECT results_eq(
    format('SELECT preferred_supplier_id, name FROM catalog.product WHERE id = %L', test_support.id('p')),
    format($$VALUES (%L::uuid, 'Bolt M8, zinc')$$, test_support.id('s')),
    'and keeps the rest'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, 3, preferred_supplier_id => '00000000-0000-7000-8000-00000000dead')$$,
        test_support.id('p')
    ),
    'SD404', 'supplier 00000000-0000-7000-8000-00000000dead not found',
    'a preferred supplier of another tenant or none fails with SD404'
);
DO $$
BEGIN
    PERFORM test_support.remember('gone', api.create_supplier('GONE', 'Gone Ltd'));
    PERFORM api.update_supplier(test_support.id('gone'), 1, active => FALSE);
END
$$;
SELECT throws_ok(
    format($$SELECT api.update_product(%L, 3, preferred_supplier_id => %L)$$, test_support.id('p'), test_support.id('gone')),
    '22023', 'supplier GONE is inactive',
    'an inactive preferred supplier fails with 22023'
);
SELECT is(
    api.update_warehouse(test_support.id('w'), 1, timezone => 'Europe/Paris'), 2, 'update_warehouse changes the time zone'
);
SELECT throws_ok(
    format($$SELECT api.update_warehouse(%L, 2, timezone => 'Nowhere/Land')$$, test_support.id('w')),
    '22023', 'unknown time zone Nowhere/Land', 'an unknown time zone fails with 22023'
);
SELECT is(
    api.update_location(test_support.id('l'), 1, kind => 'quarantine'), 2, 'update_location can quarantine a location'
);
SELECT throws_ok(
    format($$SELECT api.update_category(%L, 1, parent_id => %L)$$, test_support.id('root'), test_support.id('sub')),
    '23514', format('category %s cannot move under its own descendant %s', test_support.id('root'), test_support.id('sub')),
    'update_category cannot move a category under its own descendant'
);
SELECT is(
    api.update_category(test_support.id('sub'), 1, make_root => TRUE), 2, 'update_category can lift a category to the top'
);
SELECT is(
    api.update_supplier(test_support.id('s'), 1, lead_time_days => 12), 2, 'update_supplier changes the lead time'
);
SELECT is(
    api.update_customer(test_support.id('c'), 1, email => 'shop@example.com'), 2, 'update_customer changes the email'
);
SELECT is(
    api.update_carrier(test_support.id('k'), 1, active => FALSE), 2, 'update_carrier can deactivate a carrier'
);
SELECT throws_ok(
    format($$SELECT api.update_carrier(%L, NULL, name => 'x')$$, test_support.id('k')),
    '22023', 'version must not be null', 'an update without a version fails with 22023'
);

SELECT throws_ok(
    format($$SELECT api.update_location(%L, 2, capacity => 0)$$, test_support.id('l')),
    '22023', 'capacity must be positive', 'update_location refuses a capacity of zero'
);
SELECT throws_ok(
    format($$SELECT api.update_category(%L, 2, parent_id => %L, make_root => TRUE)$$, test_support.id('sub'), test_support.id('root')),
    '22023', 'make_root and parent_id exclude each other', 'update_category refuses both a parent and make_root'
);
SELECT throws_ok(
    $$SELECT api.create_warehouse('X9', 'x', '[]')$$,
    '22023', 'address must be a JSON object', 'create_warehouse refuses an address that is not an object'
);
-- Every document's update: a stale version, an unknown id and a value the
-- create call refuses each fail, and change nothing.
SELECT throws_ok(
    format($$SELECT api.update_warehouse(%L, 99, name => 'stale')$$, test_support.id('w')),
    'SD004', format('warehouse %s was changed by someone else', test_support.id('w')),
    'update_warehouse at a stale version fails with SD004'
);
SELECT throws_ok(
    $$SELECT api.update_warehouse('00000000-0000-7000-8000-00000000dead', 1)$$,
    'SD404', 'warehouse 00000000-0000-7000-8000-00000000dead not found', 'update_warehouse of an unknown id fails with SD404'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_warehouse(%L, %s, name => '  ')$$,
        test_support.id('w'),
        test_support.version_of('warehouse.warehouse', test_support.id('w'))
    ),
    '22023', 'name must not be blank',
    'update_warehouse refuses a blank name as create_warehouse does (it was the table''s 23514)'
);
SELECT throws_ok(
    format($$SELECT api.update_location(%L, 99, capacity => 5)$$, test_support.id('l')),
    'SD004', format('location %s was changed by someone else', test_support.id('l')),
    'update_location at a stale version fails with SD004'
);
SELECT throws_ok(
    $$SELECT api.update_location('00000000-0000-7000-8000-00000000dead', 1)$$,
    'SD404', 'location 00000000-0000-7000-8000-00000000dead not found', 'update_location of an unknown id fails with SD404'
);
SELECT throws_ok(
    format($$SELECT api.update_carrier(%L, 99, name => 'stale')$$, test_support.id('k')),
    'SD004', format('carrier %s was changed by someone else', test_support.id('k')),
    'update_carrier at a stale version fails with SD004'
);
SELECT throws_ok(
    $$SELECT api.update_carrier('00000000-0000-7000-8000-00000000dead', 1)$$,
    'SD404', 'carrier 00000000-0000-7000-8000-00000000dead not found', 'update_carrier of an unknown id fails with SD404'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_carrier(%L, %s, name => '  ')$$,
        test_support.id('k'),
        test_support.version_of('logistics.carrier', test_support.id('k'))
    ),
    '22023', 'name must not be blank',
    'update_carrier refuses a blank name as create_carrier does (it was the table''s 23514)'
);
SELECT throws_ok(
    format($$SELECT api.update_category(%L, 99, name => 'stale')$$, test_support.id('sub')),
    'SD004', format('product_category %s was changed by someone else', test_support.id('sub')),
    'update_category at a stale version fails with SD004'
);
SELECT throws_ok(
    $$SELECT api.update_category('00000000-0000-7000-8000-00000000dead', 1)$$,
    'SD404', 'category 00000000-0000-7000-8000-00000000dead not found', 'update_category of an unknown id fails with SD404'
);
SELECT throws_ok(
    format($$SELECT api.update_supplier(%L, 99, name => 'stale')$$, test_support.id('s')),
    'SD004', format('supplier %s was changed by someone else', test_support.id('s')),
    'update_supplier at a stale version fails with SD004'
);
SELECT throws_ok(
    $$SELECT api.update_supplier('00000000-0000-7000-8000-00000000dead', 1)$$,
    'SD404', 'supplier 00000000-0000-7000-8000-00000000dead not found', 'update_supplier of an unknown id fails with SD404'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_supplier(%L, %s, lead_time_days => -1)$$,
        test_support.id('s'),
        test_support.version_of('procurement.supplier', test_support.id('s'))
    ),
    '22023', 'lead_time_days must be between 0 and 3650',
    'update_supplier refuses a negative lead time as create_supplier does (it was the table''s 23514)'
);
SELECT throws_ok(
    format($$SELECT api.update_customer(%L, 99, name => 'stale')$$, test_support.id('c')),
    'SD004', format('customer %s was changed by someone else', test_support.id('c')),
    'update_customer at a stale version fails with SD004'
);
SELECT throws_ok(
    $$SELECT api.update_customer('00000000-0000-7000-8000-00000000dead', 1)$$,
    'SD404', 'customer 00000000-0000-7000-8000-00000000dead not found', 'update_customer of an unknown id fails with SD404'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_customer(%L, %s, email => 'not an address')$$,
        test_support.id('c'),
        test_support.version_of('sales.customer', test_support.id('c'))
    ),
    '22023', 'email is malformed',
    'update_customer refuses a malformed email as create_customer does (22023), not with the table''s 23514'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_supplier(%L, %s, email => 'not an address')$$,
        test_support.id('s'),
        test_support.version_of('procurement.supplier', test_support.id('s'))
    ),
    '22023', 'email is malformed',
    'so does update_supplier'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_customer(%L, %s, billing_address => '[]')$$,
        test_support.id('c'),
        test_support.version_of('sales.customer', test_support.id('c'))
    ),
    '22023', 'billing_address must be a JSON object',
    'update_customer refuses an address that is no object as create_customer does (it was the table''s 23514)'
);
SELECT throws_ok(
    format($$SELECT api.update_supplier(%L, NULL, name => 'x')$$, test_support.id('s')),
    '22023', 'version must not be null', 'update_supplier without a version fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.update_customer(%L, NULL, name => 'x')$$, test_support.id('c')),
    '22023', 'version must not be null', 'update_customer without a version fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, %s, name => '  ')$$,
        test_support.id('p'),
        test_support.version_of('catalog.product', test_support.id('p'))
    ),
    '22023', 'name must not be blank', 'update_product refuses a blank name with 22023'
);
SELECT throws_ok(
    $$SELECT api.create_category('Hardware')$$,
    '23505', 'category Hardware already exists there',
    'create_category refuses a name already used at that level (23505)'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_category(%L, %s, name => 'Hardware')$$,
        test_support.id('sub'),
        test_support.version_of('catalog.product_category', test_support.id('sub'))
    ),
    '23505', 'category Hardware already exists there',
    'update_category refuses a name already used at that level (23505)'
);
SELECT results_eq(
    $$SELECT w.version, l.version, k.version, s.version, c.version
      FROM warehouse.warehouse AS w, warehouse.location AS l, logistics.carrier AS k,
           procurement.supplier AS s, sales.customer AS c
      WHERE w.id = test_support.id('w') AND l.id = test_support.id('l') AND k.id = test_support.id('k')
        AND s.id = test_support.id('s') AND c.id = test_support.id('c')$$,
    $$VALUES (2, 2, 2, 2, 2)$$,
    'the refused updates changed no version'
);
-- A product's unit may change until its stock first moves, not after.
DO $$
BEGIN
    PERFORM test_support.remember('flour', api.create_product('FLOUR', 'Flour', unit => 'kg'));
    PERFORM test_support.remember('u1', api.create_location(test_support.id('w'), 'U-01'));
END
$$;
SELECT is(
    api.update_product(test_support.id('flour'), 1, unit => 'g'), 2, 'the unit of a product never stocked can change'
);
DO $$
BEGIN
    PERFORM api.receive_stock('flour-in', test_support.id('flour'), test_support.id('u1'), 10);
END
$$;
SELECT throws_ok(
    format($$SELECT api.update_product(%L, 2, unit => 'ea')$$, test_support.id('flour')),
    '22023', 'the unit of product FLOUR cannot change: its stock is counted in g',
    'once its stock has moved, a product''s unit is fixed (22023)'
);
SELECT results_eq(
    format('SELECT unit, version FROM catalog.product WHERE id = %L', test_support.id('flour')),
    $$VALUES ('g', 2)$$,
    'the refused change left the product as it was'
);
SELECT lives_ok(
    format($$SELECT api.update_product(%L, 2, unit => 'g', name => 'Wheat flour')$$, test_support.id('flour')),
    'naming the unit it already has is no change'
);
SELECT throws_ok(
    format($$SELECT api.update_product(%L, 2, unit => 'furlong')$$, test_support.id('flour')),
    '22023', 'unknown unit furlong', 'update_product refuses an unknown unit with 22023, before the unit rule'
);
-- Order lines are counted in the unit too.
DO $$
DECLARE
    v_order uuid;
BEGIN
    PERFORM test_support.remember('sugar', api.create_product('SUGAR', 'Sugar', unit => 'kg'));
    PERFORM test_support.remember('salt', api.create_product('SALT', 'Salt', unit => 'kg'));
    v_order := api.create_purchase_order(test_support.id('s'), 'EUR');
    PERFORM api.add_purchase_order_item(v_order, 1, test_support.id('sugar'), 10.5, 100);
    PERFORM api.create_sales_order(
        'salt-order', test_support.id('c'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('salt'), 'quantity', 10.5,
                                             'unit_price_minor', 100)),
        'EUR'
    );
END
$$;
SELECT throws_ok(
    format($$SELECT api.update_product(%L, 1, unit => 'ea')$$, test_support.id('sugar')),
    '22023', 'the unit of product SUGAR cannot change: its purchase order lines are counted in kg',
    'on a purchase order line, a product''s unit is fixed (22023)'
);
SELECT throws_ok(
    format($$SELECT api.update_product(%L, 1, unit => 'ea')$$, test_support.id('salt')),
    '22023', 'the unit of product SALT cannot change: its sales order lines are counted in kg',
    'on a sales order line, a product''s unit is fixed (22023)'
);
SELECT results_eq(
    format(
        'SELECT unit, version FROM catalog.product WHERE id IN (%L, %L)',
        test_support.id('sugar'), test_support.id('salt')
    ),
    $$VALUES ('kg', 1), ('kg', 1)$$,
    'the refused changes left both products as they were'
);
SELECT is(
    test_support.error_detail(format($$SELECT api.create_product(%L, 'n')$$, repeat('x', 100000))),
    format('sku => %L... (100000 characters).', repeat('x', 100)),
    'a long bad argument is cut at 100 characters in the DETAIL, with its length'
);
SELECT is(
    test_support.error_detail($$SELECT api.create_product('a b', 'n')$$),
    'sku => ''a b''.',
    'a short one is shown whole'
);
-- NaN is above every number in PostgreSQL, so it passed every >= 0 CHECK: a
-- reorder point of NaN was stored. Infinity failed the cast with a bare 22003.
SELECT throws_ok(
    $$SELECT api.create_product('NAN-1', 'x', reorder_point => 'NaN')$$,
    '22023', 'reorder_point must be a number', 'a stock level of NaN fails with 22023'
);
SELECT is(
    test_support.error_detail($$SELECT api.create_product('NAN-1', 'x', reorder_point => 'NaN')$$),
    'reorder_point => NaN.', 'its DETAIL names the argument'
);
SELECT throws_ok(
    $$SELECT api.create_product('INF-1', 'x', safety_stock_level => 'Infinity')$$,
    '22023', 'safety_stock_level is too large', 'an infinite stock level fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, version, min_stock_level => 'NaN') FROM catalog.product WHERE id = %L$$,
        test_support.id('p'), test_support.id('p')
    ),
    '22023', 'min_stock_level must be a number', 'update_product refuses a level of NaN'
);
SELECT throws_ok(
    format($$SELECT api.create_location(%L, 'NAN-L', 'storage', 'NaN')$$, test_support.id('w')),
    '22023', 'capacity must be a number', 'a capacity of NaN fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_location(%L, version, capacity => 1e12) FROM warehouse.location WHERE id = %L$$,
        test_support.id('l'), test_support.id('l')
    ),
    '22023', 'capacity is too large', 'a capacity of 13 digits fails with 22023, not a bare 22003'
);
SELECT throws_ok(
    format($$UPDATE catalog.product SET max_stock_level = 'NaN' WHERE id = %L$$, test_support.id('p')),
    '23514', 'new row for relation "product" violates check constraint "product_levels_number_check"',
    'the table refuses a NaN level from any writer'
);
SELECT throws_ok(
    format($$UPDATE warehouse.location SET capacity = 'NaN' WHERE id = %L$$, test_support.id('l')),
    '23514', 'new row for relation "location" violates check constraint "location_capacity_number_check"',
    'the table refuses a NaN capacity from any writer'
);
-- Past an index row (2,704 bytes) or a tsvector (1 MB) these failed with a bare 54000.
SELECT throws_ok(
    $$SELECT api.create_category((SELECT string_agg(md5(g::text), '') FROM generate_series(1, 101) AS g))$$,
    '22023', 'name is too long', 'a category name of 3,232 characters fails with 22023, not 54000'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_category(%L, version, name => repeat('n', 201)) FROM catalog.product_category WHERE id = %L$$,
        test_support.id('sub'), test_support.id('sub')
    ),
    '22023', 'name is too long', 'update_category refuses a name of 201 characters'
);
SELECT throws_ok(
    $$SELECT api.create_product('LONG-1', 'x', description => (
        SELECT string_agg(md5(g::text), ' ') FROM generate_series(1, 40000) AS g
    ))$$,
    '22023', 'description is too long', 'a description of 40,000 words fails with 22023, not 54000'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, version, name => repeat('n', 501)) FROM catalog.product WHERE id = %L$$,
        test_support.id('p'), test_support.id('p')
    ),
    '22023', 'name is too long', 'update_product refuses a name of 501 characters'
);
SELECT throws_ok(
    $sql$DO $x$ DECLARE v uuid; BEGIN FOR i IN 0..65 LOOP v := api.create_category('level ' || i, v); END LOOP; END $x$$sql$,
    '23514', 'new row for relation "product_category" violates check constraint "product_category_depth_limit_check"',
    'a category 65 levels under a top one fails with 23514 (at about 72 its path overflowed its index)'
);
-- Indexed text past an index row (2,704 bytes) failed with a bare 54000.
SELECT throws_ok(
    $$SELECT api.create_product('LONG-2', 'x', barcode => (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 101) AS g))$$,
    '22023', 'barcode is too long', 'a barcode of 3,232 characters fails with 22023, not 54000'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, version, barcode => repeat('9', 65)) FROM catalog.product WHERE id = %L$$,
        test_support.id('p'), test_support.id('p')
    ),
    '22023', 'barcode is too long', 'update_product refuses a barcode of 65 characters'
);
SELECT lives_ok(
    $$SELECT api.create_product('LONG-3', 'x', barcode => repeat('9', 64))$$,
    'a barcode of 64 characters is taken'
);
SELECT throws_ok(
    $$SELECT api.create_customer('C-LONG', 'n', (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 101) AS g) || '@x.example')$$,
    '22023', 'email is too long', 'a customer email of 3,242 characters fails with 22023, not 54000'
);
SELECT throws_ok(
    $$SELECT api.create_supplier('S-LONG', 'n', repeat('a', 311) || '@x.example')$$,
    '22023', 'email is too long', 'a supplier email of 321 characters fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_customer(%L, version, email => repeat('a', 311) || '@x.example')
          FROM sales.customer WHERE id = %L$$,
        test_support.id('c'), test_support.id('c')
    ),
    '22023', 'email is too long',
    'update_customer refuses an email of 321 characters with 22023'
);
SELECT throws_ok(
    format($$UPDATE catalog.product SET barcode = repeat('9', 65) WHERE id = %L$$, test_support.id('p')),
    '23514', 'new row for relation "product" violates check constraint "product_barcode_length_check"',
    'the table refuses a barcode of 65 characters from any writer'
);
-- JSON nested thousands deep went into the audit log, which MongoDB (100
-- levels) and the relay's JSON reader (about 1,000) cannot take.
SELECT throws_ok(
    $$SELECT api.create_product('DEEP-1', 'x', attributes => (repeat('{"a": ', 40) || '1' || repeat('}', 40))::jsonb)$$,
    '22023', 'attributes is nested too deeply', 'attributes nested 40 levels deep fail with 22023'
);
SELECT lives_ok(
    $$SELECT api.create_product('DEEP-2', 'x', attributes => (repeat('{"a": ', 31) || '1' || repeat('}', 31))::jsonb)$$,
    'attributes with their deepest value 31 levels down are taken'
);
SELECT throws_ok(
    $$SELECT api.create_customer('C-DEEP', 'n', shipping_address => (repeat('{"a": ', 40) || '1' || repeat('}', 40))::jsonb)$$,
    '22023', 'shipping_address is nested too deeply', 'a customer''s address nested 40 deep fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_warehouse(%L, version, address => (repeat('{"a": ', 40) || '1' || repeat('}', 40))::jsonb)
          FROM warehouse.warehouse WHERE id = %L$$,
        test_support.id('w'), test_support.id('w')
    ),
    '22023', 'address is nested too deeply', 'update_warehouse refuses an address nested 40 deep'
);
SELECT throws_ok(
    format(
        $$UPDATE catalog.product SET attributes = (repeat('{"a": ', 40) || '1' || repeat('}', 40))::jsonb WHERE id = %L$$,
        test_support.id('p')
    ),
    '23514', 'new row for relation "product" violates check constraint "product_attributes_depth_check"',
    'the table refuses attributes nested 40 deep from any writer'
);
-- Imports name a category by its path, names joined by / and trimmed: a name
-- holding a / made two categories one path, and a products import naming it
-- failed with a bare 23505; one with blanks around it could not be named.
SELECT throws_ok(
    $$SELECT api.create_category('Nuts/Bolts')$$,
    '22023', 'a category name cannot contain /', 'a category name holding a / fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.create_category(' Washers', %L)$$, test_support.id('root')),
    '22023', 'a category name cannot begin or end with a blank', 'a category name beginning with a blank fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_category(%L, version, name => 'Bolts/Screws') FROM catalog.product_category WHERE id = %L$$,
        test_support.id('sub'), test_support.id('sub')
    ),
    '22023', 'a category name cannot contain /', 'update_category refuses a name holding a /'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_category(%L, version, name => 'Bolts ') FROM catalog.product_category WHERE id = %L$$,
        test_support.id('sub'), test_support.id('sub')
    ),
    '22023', 'a category name cannot begin or end with a blank', 'update_category refuses a name ending with a blank'
);
SELECT lives_ok(
    $$SELECT api.create_category('Nuts & bolts - metric')$$,
    'a category name with other punctuation and inner blanks is taken'
);
SELECT throws_ok(
    format($$UPDATE catalog.product_category SET name = 'a/b' WHERE id = %L$$, test_support.id('sub')),
    '23514', 'new row for relation "product_category" violates check constraint "product_category_name_path_check"',
    'the table refuses a category name holding a / from any writer'
);
-- currency and country_of_origin are char(3) and char(2), which take any
-- length: update_product with 'EURO' or 'DEU' failed with a bare 22001.
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, version, unit_price_minor => 5, currency => 'EURO') FROM catalog.product WHERE id = %L$$,
        test_support.id('p'), test_support.id('p')
    ),
    '22023', 'currency must be an ISO 4217 code', 'update_product refuses a currency of four letters with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, version, country_of_origin => 'DEU') FROM catalog.product WHERE id = %L$$,
        test_support.id('p'), test_support.id('p')
    ),
    '22023', 'hs_code or country_of_origin is malformed', 'update_product refuses a country of three letters with 22023'
);
-- Text that goes into a message is bounded first: it came back whole.
SELECT throws_ok(
    $$SELECT api.create_warehouse('W-TZ', 'x', timezone => repeat('z', 100000))$$,
    '22023', 'timezone is too long', 'a time zone of 100,000 characters fails as too long, not echoed in the message'
);
SELECT throws_ok(
    $$SELECT api.create_product('U-LONG', 'x', unit => repeat('u', 100000))$$,
    '22023', 'unit is too long', 'a unit of 100,000 characters fails as too long, not echoed in the message'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, version, unit => repeat('u', 100000)) FROM catalog.product WHERE id = %L$$,
        test_support.id('p'), test_support.id('p')
    ),
    '22023', 'unit is too long', 'update_product refuses a unit of 100,000 characters as too long'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_warehouse(%L, version, timezone => repeat('z', 100000)) FROM warehouse.warehouse WHERE id = %L$$,
        test_support.id('w'), test_support.id('w')
    ),
    '22023', 'timezone is too long', 'update_warehouse refuses a time zone of 100,000 characters as too long'
);
SELECT * FROM finish();
ROLLBACK;
