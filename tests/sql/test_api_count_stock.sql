-- api.count_stock
BEGIN;
SELECT plan(11);

DO $$
BEGIN
    PERFORM test_support.stock_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 10, 'B1');
    PERFORM api.reserve_stock('res-1', test_support.id('p'), test_support.id('w'), 4);
END
$$;

SELECT is_definer('api', 'count_stock', 'api.count_stock is SECURITY DEFINER');

DO $$
BEGIN
    PERFORM test_support.remember('c1', api.count_stock('cnt-1', test_support.id('p'), test_support.id('a1'), test_support.batch('B1'), 7, 'monthly count'));
END
$$;
SELECT results_eq(
    format('SELECT movement_type::text, quantity, reason FROM inventory.stock_movement WHERE id = %L', test_support.id('c1')),
    $$VALUES ('adjustment', -3.000::numeric(14, 3), 'monthly count')$$,
    'a count below the books posts the difference as an adjustment'
);
SELECT is(
    api.count_stock('cnt-1', test_support.id('p'), test_support.id('a1'), test_support.batch('B1'), 7, 'monthly count'),
    test_support.id('c1'),
    'a retry returns the first adjustment'
);
SELECT is(
    api.count_stock('cnt-2', test_support.id('p'), test_support.id('a1'), test_support.batch('B1'), 7, NULL),
    NULL::uuid,
    'a count that matches posts nothing and returns NULL'
);
DO $$
BEGIN
    PERFORM test_support.remember('c3', api.count_stock('cnt-3', test_support.id('k'), test_support.id('a2'), NULL, 2.5, NULL));
END
$$;
SELECT results_eq(
    format($$SELECT quantity, reason FROM inventory.stock_movement WHERE id = %L$$, test_support.id('c3')),
    $$VALUES (2.500::numeric(14, 3), 'cycle count')$$,
    'stock found where the books had none is posted as a positive adjustment'
);
SELECT ok(test_support.books_agree(), 'every balance equals the sum of its ledger rows');

SELECT throws_ok(
    format($$SELECT api.count_stock('cnt-4', %L, %L, %L, 3, NULL)$$, test_support.id('p'), test_support.id('a1'), test_support.batch('B1')),
    'SD001',
    'counted 3 of P is less than the 4 reserved there',
    'a count below what is reserved fails with SD001'
);
SELECT throws_ok(
    format($$SELECT api.count_stock('cnt-5', %L, %L, NULL, -1, NULL)$$, test_support.id('p'), test_support.id('a1')),
    '22023',
    'counted_quantity must be zero or more',
    'a negative count fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.count_stock('cnt-6', %L, %L, NULL, 1, NULL)$$, test_support.id('p'), '00000000-0000-7000-8000-00000000dead'),
    'SD404',
    'location 00000000-0000-7000-8000-00000000dead not found',
    'an unknown location fails with SD404'
);
SELECT throws_ok(
    format($$SELECT api.count_stock('cnt-1', %L, %L, %L, 8, NULL)$$, test_support.id('p'), test_support.id('a1'), test_support.batch('B1')),
    'SD002',
    'idempotency key cnt-1 was already used with other arguments',
    'a key reused with other arguments fails with SD002'
);

SELECT is(
    api.count_stock('cnt-scale', test_support.id('p'), test_support.id('a1'), test_support.batch('B1'), 7.000, 'recount'),
    api.count_stock('cnt-scale', test_support.id('p'), test_support.id('a1'), test_support.batch('B1'), 7, 'recount'),
    'a retry giving the count as 7 for 7.000 returns the first adjustment'
);
SELECT * FROM finish();
ROLLBACK;
