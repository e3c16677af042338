-- Codes, keys and emails are read by Unicode (ICU's root locale), not by the
-- database's LC_CTYPE (0066). Under C, which the embedded cluster gave its
-- databases until now, [[:graph:]] had refused every letter beyond ASCII
-- ('Café') and [[:space:]] had taken no space beyond ASCII for one; under
-- C.UTF-8, which the test cluster now has, a zero-width or no-break space had
-- passed as visible. tests/python/test_text_rules_locale.py holds a database
-- made in C and one in C.UTF-8 to the same answers.
BEGIN;
SELECT plan(24);

DO $$
BEGIN
    PERFORM test_support.trading_world();
END
$$;

SELECT lives_ok($$SELECT api.create_product('Café-1', 'Café crème')$$, 'a SKU with a letter beyond ASCII');
SELECT lives_ok($$SELECT api.create_customer('MÜLLER', 'Müller GmbH')$$, 'a customer code in German');
SELECT lives_ok($$SELECT api.create_supplier('ŁÓDŹ-2', 'Łódź Sp. z o.o.')$$, 'a supplier code in Polish');
SELECT lives_ok($$SELECT api.create_warehouse('倉庫-1', 'Tokyo')$$, 'a warehouse code in Japanese');
SELECT lives_ok(
    format($$SELECT api.create_location(%L, 'Ålesund-1')$$, test_support.id('w')), 'a location code in Norwegian'
);
SELECT lives_ok($$SELECT api.create_carrier('ÇARGO', 'Çargo')$$, 'a carrier code in Turkish');
SELECT lives_ok(
    format($$SELECT api.create_purchase_order(%L, 'EUR', number => 'BESTELLUNG-Ä1')$$, test_support.id('sup')),
    'an order number in German'
);
SELECT lives_ok(
    format($$SELECT api.receive_stock('clé-1', %L, %L, 1, 'L-1')$$, test_support.id('p'), test_support.id('a1')),
    'an idempotency key with a letter beyond ASCII'
);

SELECT throws_ok(
    format('SELECT api.create_product(%L, %L)', 'AB' || U&'\200B' || 'C', 'Zero width'),
    '22023', 'sku is missing or malformed', 'a zero-width space is no visible character'
);
SELECT throws_ok(
    format('SELECT api.create_product(%L, %L)', 'AB' || U&'\00A0' || 'C', 'No-break'),
    '22023', 'sku is missing or malformed', 'nor a no-break space'
);
SELECT throws_ok(
    format('SELECT api.create_product(%L, %L)', 'AB' || U&'\202E' || 'C', 'Reordered'),
    '22023', 'sku is missing or malformed', 'nor a character that reorders text'
);
SELECT throws_ok(
    format('SELECT api.create_product(%L, %L)', U&'\FEFF' || 'ABC', 'Byte order mark'),
    '22023', 'sku is missing or malformed', 'nor a byte order mark'
);
SELECT throws_ok(
    format('SELECT api.create_customer(%L, %L)', 'MÜ' || U&'\3000' || 'LLER', 'Ideographic space'),
    '22023', 'code is missing or malformed', 'nor an ideographic space'
);
SELECT throws_ok(
    format('SELECT api.create_product(%L, %L)', 'BLANK-1', U&'\3000\00A0'),
    '22023', 'name is missing or malformed', 'a name of spaces beyond ASCII is blank'
);
SELECT throws_ok(
    format(
        'SELECT api.receive_stock(%L, %L, %L, 1, %L)', 'key' || U&'\200B', test_support.id('p'),
        test_support.id('a1'), 'L-1'
    ),
    '22023', 'idempotency_key must be 1 to 200 visible characters', 'a key with a zero-width space'
);
SELECT throws_ok(
    format('SELECT api.create_customer(%L, %L, email => %L)', 'C9', 'Csi', 'a' || chr(155) || '2J@x.example'),
    '22023', 'email is malformed', 'an email with a C1 control (CSI)'
);

SELECT throws_ok(
    format('UPDATE catalog.product SET sku = %L WHERE id = %L', 'P' || U&'\200B', test_support.id('p')),
    '23514', 'new row for relation "product" violates check constraint "product_sku_check"',
    'the table refuses a zero-width space in a SKU'
);
SELECT throws_ok(
    format('UPDATE sales.customer SET email = %L WHERE id = %L', 'a' || chr(133) || '@x.example', test_support.id('cust')),
    '23514', 'new row for relation "customer" violates check constraint "customer_email_printable_check"',
    'and a C1 control (NEL) in an email'
);
SELECT throws_ok(
    format(
        'INSERT INTO inventory.movement_request (tenant_id, idempotency_key, function_name, request_hash) '
        'VALUES (%L, %L, ''x'', sha256(''x''))', test_support.default_tenant(), 'k' || U&'\00A0' || 'k'
    ),
    '23514', 'new row for relation "movement_request" violates check constraint "movement_request_key_check"',
    'and a no-break space in an idempotency key'
);
SELECT lives_ok(
    format('UPDATE warehouse.warehouse SET code = %L WHERE id = %L', 'MÜNCHEN', test_support.id('w2')),
    'and takes a warehouse code in German'
);
SELECT lives_ok(
    format('UPDATE sales.customer SET email = %L WHERE id = %L', 'zoë@x.example', test_support.id('cust')),
    'and an email with a letter beyond ASCII'
);

SELECT is(
    staging.cell_problem('Café-2', 'text', TRUE, 64, '^[[:graph:]]+$', NULL, '1 to 64 visible characters'), NULL,
    'an import takes a SKU with a letter beyond ASCII'
);
SELECT is(
    staging.cell_problem('AB' || U&'\200B', 'text', TRUE, 64, '^[[:graph:]]+$', NULL, 'visible characters'),
    'not in the expected form: visible characters',
    'and refuses one with a zero-width space'
);
SELECT ok(test_support.books_agree(), 'the books agree');

SELECT * FROM finish();
ROLLBACK;
