-- JSON arguments and columns are held to 64 KiB as JSON text. The row goes
-- to the audit log whole, and MongoDB refuses a document over 16 MB: product
-- attributes of 20 MB were stored, and reached the audit trail as their size
-- and md5 only (audit.omit_large_values). Each api JSON argument past the
-- limit is 22023 naming it (ops.require_shallow_json), and the tables refuse
-- it from any writer (migration 0059).
BEGIN;
SELECT plan(27);

-- {"a": "xx…"} is 9 bytes and the x's: at the limit, and one byte past it.
CREATE FUNCTION pg_temp.json_of(bytes integer) RETURNS jsonb LANGUAGE sql AS $$
    SELECT jsonb_build_object('a', repeat('x', bytes - 9))
$$;

DO $$
DECLARE
    v_so uuid;
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 20, 'LOT-1', '2031-01-01');
    v_so := api.create_sales_order('so-1', test_support.id('cust'), jsonb_build_array(
        jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1)
    ), number => 'SO-1');
    PERFORM test_support.remember('so', v_so);
    PERFORM api.approve_sales_order(v_so, test_support.version_of('sales.sales_order', v_so));
    PERFORM api.reserve_sales_order('rso-1', v_so, test_support.id('w'));
    PERFORM test_support.remember('ship', api.ship_sales_order('ship-1', v_so, 'DHL', 'TRK-1'));
END
$$;

SELECT is(octet_length(pg_temp.json_of(65537)::text), 65537, 'the helper makes JSON of the size asked');

SELECT throws_ok(
    $$SELECT api.create_product('BIG-1', 'x', attributes => pg_temp.json_of(65537))$$,
    '22023', 'attributes is too large', 'create_product refuses attributes of 65,537 bytes'
);
SELECT is(
    test_support.error_detail($$SELECT api.create_product('BIG-1', 'x', attributes => pg_temp.json_of(65537))$$),
    'attributes is 65537 bytes as JSON text.',
    'its DETAIL gives the size'
);
SELECT is(
    test_support.error_hint($$SELECT api.create_product('BIG-1', 'x', attributes => pg_temp.json_of(65537))$$),
    'Keep a JSON argument within 64 KiB (65,536 bytes as JSON text).',
    'its HINT gives the limit'
);
SELECT throws_ok(
    $$SELECT api.create_product('BIG-1', 'x', attributes => pg_temp.json_of(20000000))$$,
    '22023', 'attributes is too large', 'and attributes of 20 MB'
);
SELECT is((SELECT count(*) FROM catalog.product WHERE sku = 'BIG-1'), 0::bigint, 'no product was made');
SELECT lives_ok(
    $$SELECT api.create_product('BIG-2', 'x', attributes => pg_temp.json_of(65536))$$,
    'attributes of exactly 65,536 bytes are taken'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, %s, attributes => pg_temp.json_of(65537))$$,
        test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p'))
    ),
    '22023', 'attributes is too large', 'update_product refuses them too'
);
SELECT throws_ok(
    $$SELECT api.create_warehouse('BIG', 'x', address => pg_temp.json_of(65537))$$,
    '22023', 'address is too large', 'create_warehouse refuses a large address'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_warehouse(%L, %s, address => pg_temp.json_of(65537))$$,
        test_support.id('w'), test_support.version_of('warehouse.warehouse', test_support.id('w'))
    ),
    '22023', 'address is too large', 'update_warehouse too'
);
SELECT throws_ok(
    $$SELECT api.create_supplier('BIG', 'x', address => pg_temp.json_of(65537))$$,
    '22023', 'address is too large', 'create_supplier refuses a large address'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_supplier(%L, %s, address => pg_temp.json_of(65537))$$,
        test_support.id('sup'), test_support.version_of('procurement.supplier', test_support.id('sup'))
    ),
    '22023', 'address is too large', 'update_supplier too'
);
SELECT throws_ok(
    $$SELECT api.create_customer('BIG', 'x', billing_address => pg_temp.json_of(65537))$$,
    '22023', 'billing_address is too large', 'create_customer refuses a large billing address'
);
SELECT throws_ok(
    $$SELECT api.create_customer('BIG', 'x', shipping_address => pg_temp.json_of(65537))$$,
    '22023', 'shipping_address is too large', 'and a large shipping address'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_customer(%L, %s, shipping_address => pg_temp.json_of(65537))$$,
        test_support.id('cust'), test_support.version_of('sales.customer', test_support.id('cust'))
    ),
    '22023', 'shipping_address is too large', 'update_customer too'
);
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-big', %L, %L, shipping_address => pg_temp.json_of(65537))$$,
        test_support.id('cust'), jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1))
    ),
    '22023', 'shipping_address is too large', 'create_sales_order refuses a large shipping address'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_sales_order(%L, %s, shipping_address => pg_temp.json_of(65537))$$,
        test_support.id('so'), test_support.version_of('sales.sales_order', test_support.id('so'))
    ),
    '22023', 'shipping_address is too large', 'update_sales_order too'
);
SELECT throws_ok(
    format(
        $$SELECT api.add_tracking_event(%L, 'in_transit', details => pg_temp.json_of(65537))$$, test_support.id('ship')
    ),
    '22023', 'details is too large', 'add_tracking_event refuses large details'
);
SELECT is(
    (SELECT count(*) FROM logistics.shipment_tracking_event WHERE shipment_id = test_support.id('ship')),
    0::bigint,
    'no tracking event was recorded'
);

-- Any writer: the tables hold the same limit.
SELECT
    throws_ok(
        format('UPDATE %s SET %I = pg_temp.json_of(65537) WHERE id = %L', t.tbl, t.col, test_support.id(t.id_key)),
        '23514',
        format('new row for relation "%s" violates check constraint "%s"', split_part(t.tbl, '.', 2), t.constraint_name),
        format('the %s table refuses a large %s', t.tbl, t.col)
    )
FROM (
    VALUES
    ('catalog.product', 'attributes', 'p', 'product_attributes_size_check'),
    ('warehouse.warehouse', 'address', 'w', 'warehouse_address_size_check'),
    ('procurement.supplier', 'address', 'sup', 'supplier_address_size_check'),
    ('sales.customer', 'billing_address', 'cust', 'customer_addresses_size_check'),
    ('sales.sales_order', 'shipping_address', 'so', 'sales_order_shipping_address_size_check'),
    ('logistics.shipment', 'ship_to', 'ship', 'shipment_ship_to_size_check')
) AS t (tbl, col, id_key, constraint_name)
ORDER BY t.tbl;
SELECT throws_ok(
    format(
        $$INSERT INTO logistics.shipment_tracking_event (tenant_id, shipment_id, status, occurred_at, details)
          VALUES (%L, %L, 'in_transit', now(), pg_temp.json_of(65537))$$,
        test_support.default_tenant(), test_support.id('ship')
    ),
    '23514',
    'new row for relation "shipment_tracking_event" violates check constraint "shipment_tracking_event_details_size_check"',
    'the tracking event table large details'
);
SELECT lives_ok(
    format($$UPDATE warehouse.warehouse SET address = pg_temp.json_of(65536) WHERE id = %L$$, test_support.id('w')),
    'an address of exactly 65,536 bytes is taken by the table'
);

SELECT * FROM finish();
ROLLBACK;
