-- api.record_movement
BEGIN;
SELECT plan(22);

DO $$
BEGIN
    PERFORM test_support.stock_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 10, 'B1', '2030-01-01');
    PERFORM api.receive_stock('in-2', test_support.id('p'), test_support.id('a1'), 4, 'OLD', '2020-01-01');
    PERFORM api.receive_stock('in-3', test_support.id('k'), test_support.id('a1'), 5.5);
END
$$;

SELECT is_definer('api', 'record_movement', 'api.record_movement is SECURITY DEFINER');

DO $$
BEGIN
    PERFORM test_support.remember('c1', api.record_movement(
        idempotency_key => 'use-1', movement_type => 'consumption', product_id => test_support.id('p'),
        location_id => test_support.id('a1'), quantity => 3, batch_id => test_support.batch('B1')
    ));
END
$$;
SELECT results_eq(
    format('SELECT movement_type::text, quantity FROM inventory.stock_movement WHERE id = %L', test_support.id('c1')),
    $$VALUES ('consumption', -3.000::numeric(14, 3))$$,
    'consumption of 3 posts -3'
);
SELECT is(
    api.record_movement('use-1', 'consumption', test_support.id('p'), test_support.id('a1'), 3, test_support.batch('B1')),
    test_support.id('c1'),
    'a retry returns the first movement'
);
SELECT lives_ok(
    format(
        $$SELECT api.record_movement('adj-1', 'adjustment', %L, %L, -1.25, reason => 'spilled')$$,
        test_support.id('k'), test_support.id('a1')
    ),
    'a negative adjustment with a reason is recorded'
);
SELECT lives_ok(
    format(
        $$SELECT api.record_movement('adj-2', 'adjustment', %L, %L, -4, %L, 'expired, written off')$$,
        test_support.id('p'), test_support.id('a1'), test_support.batch('OLD')
    ),
    'an expired batch can be written off with an adjustment'
);
SELECT lives_ok(
    format(
        $$SELECT api.record_movement('ret-1', 'returned', %L, %L, 1, %L)$$,
        test_support.id('p'), test_support.id('a2'), test_support.batch('B1')
    ),
    'a return is recorded as a positive movement'
);
SELECT results_eq(
    format('SELECT on_hand FROM api.stock_level(%L)', test_support.id('p')),
    $$VALUES (8::numeric)$$,
    'balances follow: 10 + 4 - 3 - 4 + 1'
);
SELECT ok(test_support.books_agree(), 'every balance equals the sum of its ledger rows');

SELECT throws_ok(
    format(
        $$SELECT api.record_movement('use-2', 'consumption', %L, %L, 100, %L)$$,
        test_support.id('p'), test_support.id('a1'), test_support.batch('B1')
    ),
    'SD001',
    'insufficient stock for product P',
    'consuming more than available fails with SD001'
);
SELECT throws_ok(
    format($$SELECT api.record_movement('use-3', 'consumption', %L, %L, 1)$$, test_support.id('p'), test_support.id('a1')),
    '22023',
    'batch_id is required: P is held in batches at A1',
    'taking batched stock without naming the batch fails with 22023'
);
DO $$
BEGIN
    PERFORM api.receive_stock('in-4', test_support.id('p'), test_support.id('a2'), 2, 'OLD');
END
$$;
SELECT throws_ok(
    format(
        $$SELECT api.record_movement('use-4', 'consumption', %L, %L, 1, %L)$$,
        test_support.id('p'), test_support.id('a2'), test_support.batch('OLD')
    ),
    'SD005',
    'batch OLD of P expired on 2020-01-01',
    'consuming an expired batch fails with SD005'
);
SELECT throws_ok(
    format($$SELECT api.record_movement('adj-3', 'adjustment', %L, %L, 1)$$, test_support.id('k'), test_support.id('a1')),
    '22023',
    'an adjustment needs a reason',
    'an adjustment without a reason fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.record_movement('x-1', 'purchase_receipt', %L, %L, 1)$$, test_support.id('k'), test_support.id('a1')),
    '22023',
    'record_movement takes movement_type adjustment, consumption or returned',
    'other movement types fail with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.record_movement('x-2', 'consumption', %L, %L, 1, '00000000-0000-7000-8000-00000000dead')$$,
        test_support.id('p'), test_support.id('a1')
    ),
    'SD404',
    format('batch 00000000-0000-7000-8000-00000000dead not found for product %s', test_support.id('p')),
    'an unknown batch fails with SD404'
);
SELECT throws_ok(
    format(
        $$SELECT api.record_movement('use-1', 'consumption', %L, %L, 2, %L)$$,
        test_support.id('p'), test_support.id('a1'), test_support.batch('B1')
    ),
    'SD002',
    'idempotency key use-1 was already used with other arguments',
    'a key reused with other arguments fails with SD002'
);

UPDATE catalog.product SET active = FALSE WHERE id = test_support.id('k');
SELECT throws_ok(
    format($$SELECT api.record_movement('x-3', 'consumption', %L, %L, 1)$$, test_support.id('k'), test_support.id('a1')),
    '22023',
    format('product K (%s) is inactive', test_support.id('k')),
    'an inactive product cannot move stock (22023)'
);
-- The key went into the DETAIL whole: a 10,000-character one came back whole.
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.record_movement(%L, 'adjustment', %L, %L, 1)$$, repeat('k', 10000), test_support.id('p'),
        test_support.id('a1')
    )),
    format('api.record_movement was called with idempotency_key => %L... (10000 characters).', repeat('k', 100)),
    'a long idempotency key is cut at 100 characters in the DETAIL'
);
-- The key's arguments are compared as JSON text, which keeps a number's scale:
-- a retry sending 2.000 for 2 was refused with SD002.
SELECT is(
    api.record_movement('scale-1', 'adjustment', test_support.id('p'), test_support.id('a1'), 2.000, test_support.batch('B1'), 'count'),
    api.record_movement('scale-1', 'adjustment', test_support.id('p'), test_support.id('a1'), 2, test_support.batch('B1'), 'count'),
    'a retry giving the quantity as 2.000 for 2 returns the first movement'
);
-- An inactive warehouse reserved nothing, but stock was still received,
-- moved and counted in its locations.
DO $$
BEGIN
    UPDATE warehouse.location SET active = false WHERE id = test_support.id('a2');
    UPDATE warehouse.warehouse SET active = false WHERE id = test_support.id('w2');
END
$$;
SELECT throws_ok(
    format($$SELECT api.record_movement('x-loc', 'returned', %L, %L, 1)$$, test_support.id('p'), test_support.id('a2')),
    '22023', 'location A2 is inactive',
    'no stock moves through an inactive location'
);
SELECT throws_ok(
    format($$SELECT api.record_movement('x-wh', 'returned', %L, %L, 1)$$, test_support.id('p'), test_support.id('s1')),
    '22023', 'warehouse W2 is inactive',
    'nor through an active location of an inactive warehouse'
);
SELECT is(
    test_support.error_detail(
        format($$SELECT api.receive_stock('x-wh-in', %L, %L, 1)$$, test_support.id('p'), test_support.id('s1'))
    ),
    'Location S1 is in it.',
    'a receipt there is refused too, naming the location'
);
SELECT ok(test_support.books_agree(), 'the refused calls left the books as they were');
SELECT * FROM finish();
ROLLBACK;
