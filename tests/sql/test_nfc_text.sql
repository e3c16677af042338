-- Text that reads the same is the same text (0067, triggers/ops/nfc.sql):
-- 'Café' written with e and a combining accent (U+0065 U+0301, NFD) and with
-- the letter é (U+00E9, NFC) was two SKUs, two categories, two users' emails
-- and two idempotency keys, and a product named in one form was not found by
-- a search in the other. Codes and names are stored in NFC now.
BEGIN;
SELECT plan(29);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM test_support.remember('cafe', api.create_product('Cafe' || U&'\0301', 'Cafe' || U&'\0301' || ' noir'));
END
$$;

SELECT is(
    (SELECT sku FROM catalog.product WHERE id = test_support.id('cafe')), U&'Caf\00E9',
    'a SKU given decomposed is stored composed'
);
SELECT is(
    (SELECT name FROM catalog.product WHERE id = test_support.id('cafe')), U&'Caf\00E9 noir',
    'and so is its name'
);
SELECT throws_ok(
    format('SELECT api.create_product(%L, %L)', U&'Caf\00E9', 'Second'),
    '23505', U&'SKU Caf\00E9 is already used', 'the composed SKU is the same SKU'
);
SELECT is(
    (SELECT array_agg(sku) FROM api.search_products(U&'caf\00E9')), ARRAY[U&'Caf\00E9'],
    'a search typed composed finds the product named decomposed'
);
SELECT is(
    (SELECT array_agg(sku) FROM api.search_products('cafe' || U&'\0301')), ARRAY[U&'Caf\00E9'],
    'and a search typed decomposed finds it too'
);

SELECT lives_ok(
    format(
        'SELECT api.update_product(%L, %s, name => %L)', test_support.id('cafe'),
        test_support.version_of('catalog.product', test_support.id('cafe')), 'Cafe' || U&'\0301' || ' noir'
    ),
    'the same name given again decomposed'
);
SELECT is(
    test_support.version_of('catalog.product', test_support.id('cafe')), 1,
    'is no change: the version stays'
);

DO $$
BEGIN
    PERFORM test_support.remember('cat', api.create_category('Cafe' || U&'\0301'));
END
$$;
SELECT throws_ok(
    format('SELECT api.create_category(%L)', U&'Caf\00E9'),
    '23505', NULL, 'a category of the same name in the other form is the same name'
);

SELECT lives_ok(
    format(
        $$SELECT api.receive_stock(%L, %L, %L, 2)$$, 'r-Cafe' || U&'\0301', test_support.id('cafe'), test_support.id('a1')
    ),
    'a receipt keyed decomposed'
);
SELECT lives_ok(
    format($$SELECT api.receive_stock(%L, %L, %L, 2)$$, U&'r-Caf\00E9', test_support.id('cafe'), test_support.id('a1')),
    'retried with the key composed'
);
SELECT is(
    (SELECT count(*) FROM inventory.stock_movement WHERE product_id = test_support.id('cafe')), 1::bigint,
    'is the same request: one movement'
);
SELECT is(
    (
        SELECT idempotency_key FROM inventory.movement_request
        WHERE function_name = 'api.receive_stock' AND idempotency_key LIKE 'r-%'
    ),
    U&'r-Caf\00E9',
    'and the key is stored composed'
);

SELECT lives_ok(
    format(
        $$SELECT api.receive_stock('b-1', %L, %L, 1, %L), api.receive_stock('b-2', %L, %L, 1, %L)$$,
        test_support.id('cafe'), test_support.id('a1'), U&'LOT-\00E9',
        test_support.id('cafe'), test_support.id('a1'), 'LOT-e' || U&'\0301'
    ),
    'receipts into a lot numbered composed, then decomposed'
);
SELECT is(
    (
        SELECT array_agg(b.batch_number) FROM inventory.stock_movement AS m
        LEFT JOIN catalog.product_batch AS b ON m.batch_id = b.id
        WHERE m.product_id = test_support.id('cafe') AND m.idempotency_key LIKE 'b-%'
    ),
    ARRAY[U&'LOT-\00E9', U&'LOT-\00E9'], 'go into one lot'
);
SELECT lives_ok(
    format(
        $$SELECT api.record_demand_forecast(%L, %L, current_date, current_date + 30, 10, %L),
                 api.record_demand_forecast(%L, %L, current_date, current_date + 30, 12, %L)$$,
        test_support.id('cafe'), test_support.id('w'), U&'mod\00E8le',
        test_support.id('cafe'), test_support.id('w'), 'mode' || U&'\0300' || 'le'
    ),
    'a model named composed, then decomposed, publishes again'
);
SELECT is(
    (SELECT array_agg(forecast_quantity) FROM planning.demand_forecast WHERE product_id = test_support.id('cafe')),
    ARRAY[12.000], 'and its new forecast replaces the one it overlaps'
);

DO $$
BEGIN
    PERFORM test_support.remember(
        'ann', api.create_user('Rene' || U&'\0301' || '@example.com', 'sales', 'a long enough password')
    );
END
$$;
SELECT is(
    api.authenticate(U&'REN\00C9@example.com', 'a long enough password'), test_support.id('ann'),
    'a user made with a decomposed email signs in with it composed, in capitals'
);
SELECT throws_ok(
    format('SELECT api.create_user(%L, %L)', U&'ren\00E9@example.com', 'sales'),
    '23505', U&'a user with email ren\00E9@example.com exists', 'and nobody else gets that email'
);
SELECT api.set_password(test_support.id('ann'), 'mot de passe cafe' || U&'\0301');
SELECT is(
    api.authenticate(U&'ren\00E9@example.com', U&'mot de passe caf\00E9'), test_support.id('ann'),
    'a password set decomposed is typed composed'
);
-- As api.set_password stored it before it composed the password.
UPDATE auth.app_user SET password_hash = public.crypt('vieux mot de passe e' || U&'\0301', public.gen_salt('bf', 4))
WHERE id = test_support.id('ann');
SELECT is(
    api.authenticate(U&'ren\00E9@example.com', 'vieux mot de passe e' || U&'\0301'), test_support.id('ann'),
    'and one stored decomposed before still signs in as it was typed then'
);

DO $$
BEGIN
    PERFORM test_support.remember(
        'po', api.create_purchase_order(test_support.id('sup'), 'EUR', number => 'BESTELLUNG-A' || U&'\0308')
    );
END
$$;
SELECT is(
    (SELECT number FROM procurement.purchase_order WHERE id = test_support.id('po')), U&'BESTELLUNG-\00C4',
    'an order number is stored composed'
);

SELECT lives_ok(
    format($$SELECT api.create_customer(%L, 'Accents')$$, repeat('E' || U&'\0301', 32)),
    'a code of 32 letters typed with combining accents, 64 characters as given, fits'
);
SELECT lives_ok(
    format(
        $$SELECT api.create_purchase_order(%L, 'EUR', number => %L)$$,
        test_support.id('sup'), repeat('A' || U&'\0308', 40)
    ),
    'and so does an order number of 40'
);

INSERT INTO sales.customer (tenant_id, code, name)
VALUES (test_support.default_tenant(), 'MU' || U&'\0308' || 'LLER', 'Mu' || U&'\0308' || 'ller');
SELECT is(
    (SELECT code || ' ' || name FROM sales.customer WHERE code LIKE 'M%LLER'), U&'M\00DCLLER M\00FCller',
    'a DBA''s INSERT is stored composed too'
);

SELECT is(
    (SELECT count(*) FROM pg_constraint WHERE conname LIKE '%\_nfc\_check' AND contype = 'c' AND convalidated),
    14::bigint, 'fourteen codes and keys are held to NFC by CHECK'
);
SET LOCAL session_replication_role = replica;
SELECT throws_ok(
    format(
        'INSERT INTO catalog.product (tenant_id, sku, name) VALUES (%L, %L, %L)',
        test_support.default_tenant(), 'Cafe' || U&'\0301' || '-2', 'Bypass'
    ),
    '23514', NULL, 'with the triggers off, a decomposed SKU is refused'
);
SELECT throws_ok(
    format(
        'INSERT INTO inventory.movement_request (tenant_id, idempotency_key, function_name, request_hash) '
        'VALUES (%L, %L, %L, %L)',
        test_support.default_tenant(), 'k-Cafe' || U&'\0301', 'api.receive_stock', '\x00'
    ),
    '23514', NULL, 'and so is a decomposed idempotency key'
);
RESET session_replication_role;

SELECT is(
    (SELECT count(*) FROM catalog.product WHERE sku IS NOT NFC NORMALIZED OR name IS NOT NFC NORMALIZED),
    0::bigint, 'no product is stored decomposed'
);
SELECT ok(test_support.books_agree(), 'the books agree');

SELECT * FROM finish();
ROLLBACK;
