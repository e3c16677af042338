-- api.receive_stock
BEGIN;
SELECT plan(34);

DO $$ BEGIN PERFORM test_support.stock_world(); END $$;

SELECT is_definer('api', 'receive_stock', 'api.receive_stock is SECURITY DEFINER');

DO $$
BEGIN
    PERFORM test_support.remember('m1', api.receive_stock(
        idempotency_key => 'rcv-1', product_id => test_support.id('p'), location_id => test_support.id('a1'),
        quantity => 10, batch_number => 'B1', expiry_date => '2030-01-31', unit_cost_minor => 250,
        currency => 'EUR'
    ));
END
$$;

SELECT results_eq(
    format('SELECT movement_type::text, quantity, batch_id FROM inventory.stock_movement WHERE id = %L', test_support.id('m1')),
    format($$VALUES ('purchase_receipt', 10.000::numeric(14, 3), %L::uuid)$$, test_support.batch('B1')),
    'receive_stock posts one purchase_receipt of the quantity into the named batch'
);
SELECT results_eq(
    format('SELECT expiry_date, unit_cost_minor, currency::text FROM catalog.product_batch WHERE id = %L', test_support.batch('B1')),
    $$VALUES ('2030-01-31'::date, 250::bigint, 'EUR')$$,
    'a new batch number creates the batch with its expiry and cost'
);
SELECT results_eq(
    format('SELECT on_hand, reserved FROM api.stock_level(%L)', test_support.id('p')),
    $$VALUES (10::numeric, 0::numeric)$$,
    'the balance follows the receipt'
);
SELECT is(
    api.receive_stock(
        idempotency_key => 'rcv-1', product_id => test_support.id('p'), location_id => test_support.id('a1'),
        quantity => 10, batch_number => 'B1', expiry_date => '2030-01-31', unit_cost_minor => 250,
        currency => 'EUR'
    ),
    test_support.id('m1'),
    'a retry with the same key and arguments returns the first movement'
);
SELECT is(
    (SELECT count(*) FROM inventory.stock_movement),
    1::bigint,
    'the retry posted nothing'
);
SELECT lives_ok(
    format(
        $$SELECT api.receive_stock('rcv-2', %L, %L, 2.5, movement_type => 'returned')$$,
        test_support.id('k'), test_support.id('a2')
    ),
    'a product without batches can be received (returned) in kg with decimals'
);
SELECT ok(test_support.books_agree(), 'every balance equals the sum of its ledger rows');

SELECT throws_ok(
    format($$SELECT api.receive_stock('rcv-1', %L, %L, 11, 'B1')$$, test_support.id('p'), test_support.id('a1')),
    'SD002',
    'idempotency key rcv-1 was already used with other arguments',
    'a key reused with other arguments fails with SD002'
);
SELECT throws_ok(
    format($$SELECT api.receive_stock('rcv-3', %L, %L, 0)$$, test_support.id('p'), test_support.id('a1')),
    '22023',
    'quantity must be positive',
    'a quantity of zero is refused with 22023'
);
SELECT throws_ok(
    format($$SELECT api.receive_stock('rcv-big', %L, %L, 99999999999, 'B1')$$, test_support.id('p'), test_support.id('a1')),
    '22023',
    'the balance would be too large',
    'a receipt taking the balance past numeric(14,3) gets 22023, not a bare numeric overflow'
);
SELECT throws_ok(
    format($$SELECT api.receive_stock('rcv-inf', %L, %L, 1, 'B-INF', 'infinity')$$, test_support.id('p'), test_support.id('a1')),
    '22023',
    'expiry_date must be a calendar date',
    'a batch expiring at infinity fails with 22023 (it broke report.expiring_batches for the tenant)'
);
SELECT throws_ok(
    format($$SELECT api.receive_stock('rcv-minf', %L, %L, 1, 'B-MINF', NULL, '-infinity')$$, test_support.id('p'), test_support.id('a1')),
    '22023',
    'manufacture_date must be a calendar date',
    'a batch made at -infinity fails with 22023'
);
SELECT throws_ok(
    format(
        $$INSERT INTO catalog.product_batch (tenant_id, product_id, batch_number, expiry_date) VALUES (%L, %L, 'B-X', 'infinity')$$,
        test_support.default_tenant(), test_support.id('p')
    ),
    '23514', 'new row for relation "product_batch" violates check constraint "product_batch_dates_finite_check"',
    'the table refuses an infinite batch date from any writer'
);
SELECT throws_ok(
    format($$SELECT api.receive_stock('rcv-nan', %L, %L, 'NaN')$$, test_support.id('p'), test_support.id('a1')),
    '22023',
    'quantity must be a number',
    'a quantity of NaN is refused as one (NaN is above every number: it was called too large)'
);
SELECT throws_ok(
    format($$SELECT api.receive_stock('rcv-4', %L, %L, 1.5)$$, test_support.id('p'), test_support.id('a1')),
    '22023',
    'quantity has more decimals than unit ea allows',
    'a fraction of a piece is refused with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.receive_stock('rcv-5', %L, %L, 1, 'B1', expiry_date => '2031-01-01')$$, test_support.id('p'), test_support.id('a1')
    ),
    '22023',
    'batch B1 of P has other dates',
    'a known batch number with another expiry is refused with 22023'
);
SELECT throws_ok(
    format($$SELECT api.receive_stock('rcv-6', %L, %L, 1, movement_type => 'sale_issue')$$, test_support.id('p'), test_support.id('a1')),
    '22023',
    'receive_stock takes movement_type purchase_receipt or returned',
    'receive_stock refuses other movement types with 22023'
);
SELECT throws_ok(
    format($$SELECT api.receive_stock('rcv-7', '00000000-0000-7000-8000-00000000dead', %L, 1)$$, test_support.id('a1')),
    'SD404',
    'product 00000000-0000-7000-8000-00000000dead not found',
    'an unknown product is refused with SD404'
);
SELECT throws_ok(
    format($$SELECT api.receive_stock('rcv-8', %L, '00000000-0000-7000-8000-00000000dead', 1)$$, test_support.id('p')),
    'SD404',
    'location 00000000-0000-7000-8000-00000000dead not found',
    'an unknown location is refused with SD404'
);
SELECT throws_ok(
    format(
        $sql$DO $x$ BEGIN
            PERFORM set_config('stockdb.tenant_id', '', true);
            PERFORM api.receive_stock('rcv-9', %L, %L, 1);
        END $x$$sql$,
        test_support.id('p'), test_support.id('a1')
    ),
    '42501',
    'no tenant context',
    'without a tenant context receive_stock fails with 42501'
);

SELECT throws_ok(
    format($$SELECT api.receive_stock('rcv-10', %L, %L, 1, expiry_date => '2030-01-01')$$, test_support.id('p'), test_support.id('a1')),
    '22023',
    'expiry_date, manufacture_date and unit_cost_minor belong to a batch',
    'batch details without a batch number fail with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.receive_stock('rcv-11', %L, %L, 1, 'B9', expiry_date => '2030-01-01', manufacture_date => '2031-01-01')$$,
        test_support.id('p'), test_support.id('a1')
    ),
    '22023',
    'a batch cannot expire before it was made',
    'a batch made after it expires fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.receive_stock('rcv-12', %L, %L, 1, 'B9', unit_cost_minor => -1, currency => 'EUR')$$,
        test_support.id('p'), test_support.id('a1')
    ),
    '22023',
    'unit_cost_minor must not be negative',
    'a negative unit cost fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.receive_stock('rcv-13', %L, %L, 1, 'B9', unit_cost_minor => 100)$$, test_support.id('p'), test_support.id('a1')),
    '22023',
    'unit_cost_minor needs a currency',
    'a unit cost without a currency (the product has none) fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.receive_stock('rcv-long', %L, %L, 1, (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 101) AS g))$$,
        test_support.id('p'), test_support.id('a1')
    ),
    '22023',
    'batch_number is too long',
    'a batch number of 3,232 characters fails with 22023, not 54000'
);
SELECT throws_ok(
    format(
        $$INSERT INTO catalog.product_batch (tenant_id, product_id, batch_number) VALUES (%L, %L, repeat('b', 101))$$,
        test_support.default_tenant(), test_support.id('p')
    ),
    '23514', 'new row for relation "product_batch" violates check constraint "product_batch_number_length_check"',
    'the table refuses a batch number of 101 characters from any writer'
);
-- Imports trim their cells: ' B1 ' taken here was another lot than a sheet's
-- B1, and a blank number failed with a bare 23514.
SELECT throws_ok(
    format($$SELECT api.receive_stock('rcv-blank', %L, %L, 1, '  ')$$, test_support.id('p'), test_support.id('a1')),
    '22023', 'batch_number is missing or malformed', 'a blank batch number fails with 22023, not a bare 23514'
);
SELECT throws_ok(
    format($$SELECT api.receive_stock('rcv-empty', %L, %L, 1, '')$$, test_support.id('p'), test_support.id('a1')),
    '22023', 'batch_number is missing or malformed', 'an empty batch number fails with 22023, not a bare 23514'
);
SELECT throws_ok(
    format($$SELECT api.receive_stock('rcv-pad', %L, %L, 1, ' B1 ')$$, test_support.id('p'), test_support.id('a1')),
    '22023', 'batch_number is missing or malformed', 'a batch number with blanks around it fails with 22023'
);
SELECT lives_ok(
    format($$SELECT api.receive_stock('rcv-inner', %L, %L, 1, 'LOT 42')$$, test_support.id('p'), test_support.id('a1')),
    'a batch number with a blank inside is taken'
);
SELECT throws_ok(
    format(
        $$INSERT INTO catalog.product_batch (tenant_id, product_id, batch_number) VALUES (%L, %L, 'B1 ')$$,
        test_support.default_tenant(), test_support.id('p')
    ),
    '23514', 'new row for relation "product_batch" violates check constraint "product_batch_number_trimmed_check"',
    'the table refuses a batch number with blanks around it from any writer'
);
-- currency is char(3), which takes any length: 'EURO' failed with a bare
-- 22001, and 'eur' with a bare 23514 from the batch's product_batch_cost_check.
SELECT throws_ok(
    format(
        $$SELECT api.receive_stock('rcv-euro', %L, %L, 1, 'B-E', unit_cost_minor => 5, currency => 'EURO')$$,
        test_support.id('p'), test_support.id('a1')
    ),
    '22023', 'currency must be an ISO 4217 code', 'a currency of four letters fails with 22023, not a bare 22001'
);
SELECT throws_ok(
    format(
        $$SELECT api.receive_stock('rcv-eur', %L, %L, 1, 'B-E', unit_cost_minor => 5, currency => 'eur')$$,
        test_support.id('p'), test_support.id('a1')
    ),
    '22023', 'currency must be an ISO 4217 code', 'a currency in small letters fails with 22023, not a bare 23514'
);
SELECT * FROM finish();
ROLLBACK;
