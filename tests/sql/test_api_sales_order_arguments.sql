-- Arguments of api.create_sales_order and api.split_sales_order that reached
-- a table's CHECK unasked (a bare 23514, no DETAIL or HINT), or were blamed on
-- something else, now have errors of their own.
BEGIN;
SELECT plan(9);

DO $$
BEGIN
    PERFORM test_support.trading_world();
END
$$;

SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-1', %L, %L, 'EUR', number => 'SO 1')$$,
        test_support.id('cust'), jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1))
    ),
    '22023', 'number must be 1 to 40 visible characters', 'an order number with a space is refused'
);
SELECT is(
    test_support.error_hint(format(
        $$SELECT api.create_sales_order('so-1', %L, %L, 'EUR', number => 'SO 1')$$,
        test_support.id('cust'), jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1))
    )),
    'Leave number NULL to have one generated.',
    'its HINT says how to get one'
);
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-2', %L, %L, 'EUR', number => repeat('N', 41))$$,
        test_support.id('cust'), jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1))
    ),
    '22023', 'number must be 1 to 40 visible characters', 'and one of 41 characters'
);
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-3', %L, %L, 'EUR', shipping_address => '[]')$$,
        test_support.id('cust'), jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1))
    ),
    '22023', 'shipping_address must be a JSON object', 'a shipping address that is no object is refused'
);
SELECT throws_ok(
    format($$SELECT api.create_sales_order('so-4', %L, '[1, 2]')$$, test_support.id('cust')),
    '22023', 'line 1 needs a product_id and a numeric quantity',
    'lines that are no objects are named, not taken for an order without a currency'
);
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-5', %L, %L)$$,
        test_support.id('cust'), jsonb_build_array(jsonb_build_object('product_id', 'nope', 'quantity', 1))
    ),
    '22023', 'line 1 needs a product_id and a numeric quantity', 'so is a product_id that is no uuid'
);
SELECT lives_ok(
    format(
        $$SELECT api.create_sales_order('so-6', %L, %L, 'EUR', number => 'SO-OK', shipping_address => '{"city": "Berlin"}')$$,
        test_support.id('cust'),
        jsonb_build_array(
            jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1, 'unit_price_minor', 100),
            jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1, 'unit_price_minor', 100)
        )
    ),
    'an order with a number and an address is taken'
);
SELECT throws_ok(
    format(
        $$SELECT api.split_sales_order('sp-1', %L, %s, %L, number => 'SO 2')$$,
        (SELECT o.id FROM sales.sales_order AS o WHERE o.number = 'SO-OK'),
        (SELECT o.version FROM sales.sales_order AS o WHERE o.number = 'SO-OK'),
        jsonb_build_array(jsonb_build_object('item_id', (
            SELECT i.id FROM sales.sales_order_item AS i
            INNER JOIN sales.sales_order AS o ON i.sales_order_id = o.id
            WHERE o.number = 'SO-OK' AND i.product_id = test_support.id('k')
        )))
    ),
    '22023', 'number must be 1 to 40 visible characters', 'api.split_sales_order refuses such a number too'
);
SELECT is(
    (SELECT count(*) FROM sales.sales_order),
    1::bigint,
    'and none of the refused calls left an order'
);

SELECT * FROM finish();
ROLLBACK;
