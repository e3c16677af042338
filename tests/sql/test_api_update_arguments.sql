-- What the create calls refused with 22023 and the update calls let through
-- to the tables' CHECKs, a bare 23514 with no DETAIL or HINT: an address or
-- attributes that are no JSON object, a blank name, a lead time out of range.
-- The update calls now refuse them as the create calls do.
BEGIN;
SELECT plan(24);

DO $$
BEGIN
    PERFORM test_support.trading_world();
END
$$;
CREATE TEMP TABLE before ON COMMIT DROP AS
SELECT
    (SELECT c.version FROM sales.customer AS c) AS customer,
    (SELECT s.version FROM procurement.supplier AS s) AS supplier,
    (SELECT w.version FROM warehouse.warehouse AS w WHERE w.code = 'W') AS warehouse,
    (SELECT p.version FROM catalog.product AS p WHERE p.sku = 'P') AS product,
    (SELECT c.version FROM logistics.carrier AS c) AS carrier;

SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, %s, attributes => '[1]')$$, test_support.id('p'),
        test_support.version_of('catalog.product', test_support.id('p'))
    ),
    '22023', 'attributes must be a JSON object', 'update_product: attributes that are an array'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.update_product(%L, %s, attributes => '[1]')$$, test_support.id('p'),
        test_support.version_of('catalog.product', test_support.id('p'))
    )),
    'attributes => [1].',
    'its DETAIL shows the value'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, %s, lead_time_days => -1)$$, test_support.id('p'),
        test_support.version_of('catalog.product', test_support.id('p'))
    ),
    '22023', 'lead_time_days must be between 0 and 3650', 'update_product: a negative lead time'
);
-- A reorder point above the maximum an import set (the call takes no maximum).
UPDATE catalog.product SET max_stock_level = 40 WHERE sku = 'K';
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, %s, reorder_point => 50)$$, test_support.id('k'),
        test_support.version_of('catalog.product', test_support.id('k'))
    ),
    '22023', 'reorder_point cannot be above max_stock_level',
    'update_product: a reorder point above the maximum is 22023 (it reached the table''s CHECK as a bare 23514)'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, %s, reorder_point => -1)$$, test_support.id('k'),
        test_support.version_of('catalog.product', test_support.id('k'))
    ),
    '22023', 'stock levels must be zero or more', 'update_product: a negative reorder point, as create_product'
);
SELECT throws_ok(
    format($$SELECT api.update_supplier(%L, 1, address => '[1]')$$, test_support.id('sup')),
    '22023', 'address must be a JSON object', 'update_supplier: an address that is an array'
);
SELECT throws_ok(
    format($$SELECT api.update_supplier(%L, 1, name => '   ')$$, test_support.id('sup')),
    '22023', 'name must not be blank', 'update_supplier: a blank name'
);
SELECT throws_ok(
    format($$SELECT api.update_supplier(%L, 1, lead_time_days => 100000)$$, test_support.id('sup')),
    '22023', 'lead_time_days must be between 0 and 3650', 'update_supplier: a lead time of 100,000 days'
);
SELECT throws_ok(
    format($$SELECT api.update_customer(%L, 1, billing_address => '7')$$, test_support.id('cust')),
    '22023', 'billing_address must be a JSON object', 'update_customer: a billing address that is a number'
);
SELECT throws_ok(
    format($$SELECT api.update_customer(%L, 1, shipping_address => 'null')$$, test_support.id('cust')),
    '22023', 'shipping_address must be a JSON object', 'update_customer: a shipping address that is JSON null'
);
SELECT throws_ok(
    format($$SELECT api.update_customer(%L, 1, name => ' ')$$, test_support.id('cust')),
    '22023', 'name must not be blank', 'update_customer: a blank name'
);
SELECT throws_ok(
    format($$SELECT api.update_warehouse(%L, 1, address => '"x"')$$, test_support.id('w')),
    '22023', 'address must be a JSON object', 'update_warehouse: an address that is a string'
);
SELECT throws_ok(
    format($$SELECT api.update_warehouse(%L, 1, name => '')$$, test_support.id('w')),
    '22023', 'name must not be blank', 'update_warehouse: an empty name'
);
SELECT throws_ok(
    format($$SELECT api.update_carrier(%L, 1, name => ' ')$$, test_support.id('dhl')),
    '22023', 'name must not be blank', 'update_carrier: a blank name'
);
SELECT is(
    test_support.error_hint(format($$SELECT api.update_carrier(%L, 1, name => ' ')$$, test_support.id('dhl'))),
    'Pass NULL to keep the name.',
    'its HINT says how to keep the name'
);
SELECT lives_ok(
    format(
        $$SELECT api.update_customer(%L, 1, name => 'Customer One', billing_address => '{"city": "Berlin"}')$$,
        test_support.id('cust')
    ),
    'a name and an object are taken'
);
SELECT lives_ok(
    format($$SELECT api.update_supplier(%L, 1, lead_time_days => 3650)$$, test_support.id('sup')),
    'and a lead time of ten years'
);
-- A price half given, or negative: create_product refused it, update_product
-- let it reach product_price_check (P has a price in EUR, K none).
SELECT
    throws_ok(
        format(
            $$SELECT api.update_product(%L, %s, unit_price_minor => %s)$$, v.product, v.version, v.price
        ),
        '22023', 'a price needs both unit_price_minor (zero or more) and an ISO 4217 currency', v.description
    )
FROM (
    VALUES
    (test_support.id('p'), 'NULL', '-1', 'update_product: a negative price'),
    (test_support.id('k'), 'NULL', '100', 'update_product: a price for a product without a currency'),
    (test_support.id('k'), '''EUR''', 'NULL', 'update_product: a currency without a price'),
    (test_support.id('p'), 'NULL', 'NULL, clear => ''{currency}''', 'update_product: the currency cleared alone')
) AS x (product, currency, price, description),
    LATERAL (
        SELECT
            x.product,
            x.description,
            test_support.version_of('catalog.product', x.product) AS version,
            x.price || ', currency => ' || x.currency AS price
    ) AS v;
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.update_product(%L, %s, unit_price_minor => 100)$$, test_support.id('k'),
        test_support.version_of('catalog.product', test_support.id('k'))
    )),
    'unit_price_minor => 100, currency => NULL, clear => NULL; the price would be 100 NULL.',
    'its DETAIL says what the price would be'
);
SELECT lives_ok(
    format(
        $$SELECT api.update_product(%L, %s, unit_price_minor => 100, currency => 'EUR')$$, test_support.id('k'),
        test_support.version_of('catalog.product', test_support.id('k'))
    ),
    'a price given whole is taken'
);
SELECT results_eq(
    $$SELECT c.version, s.version, w.version, p.version, d.version
      FROM sales.customer AS c, procurement.supplier AS s, warehouse.warehouse AS w, catalog.product AS p,
           logistics.carrier AS d
      WHERE w.code = 'W' AND p.sku = 'P'$$,
    $$SELECT customer + 1, supplier + 1, warehouse, product, carrier FROM before$$,
    'the refused calls changed nothing (the two taken ones one version each)'
);

SELECT * FROM finish();
ROLLBACK;
