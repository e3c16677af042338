-- api.transfer_stock
BEGIN;
SELECT plan(14);

DO $$
BEGIN
    PERFORM test_support.stock_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 5, 'LATE', '2031-01-01');
    PERFORM api.receive_stock('in-2', test_support.id('p'), test_support.id('a1'), 3, 'SOON', '2030-01-01');
    PERFORM api.receive_stock('in-3', test_support.id('p'), test_support.id('a1'), 2, 'GONE', '2020-01-01');
END
$$;

SELECT is_definer('api', 'transfer_stock', 'api.transfer_stock is SECURITY DEFINER');

DO $$
BEGIN
    PERFORM test_support.remember('t1', api.transfer_stock('tr-1', test_support.id('p'), test_support.id('a1'), test_support.id('s1'), 4));
END
$$;
SELECT results_eq(
    format(
        $$SELECT b.batch_number, m.movement_type::text, m.quantity
          FROM inventory.stock_movement AS m JOIN catalog.product_batch AS b ON b.id = m.batch_id
          WHERE m.reference_id = %L ORDER BY b.batch_number DESC, m.movement_type DESC$$,
        test_support.id('t1')
    ),
    $$VALUES ('SOON', 'transfer_out', -3.000::numeric(14, 3)), ('SOON', 'transfer_in', 3.000::numeric(14, 3)),
             ('LATE', 'transfer_out', -1.000::numeric(14, 3)), ('LATE', 'transfer_in', 1.000::numeric(14, 3))$$,
    'without a batch, a transfer takes the earliest-expiring live batches and they go with the stock'
);
SELECT results_eq(
    format('SELECT on_hand FROM api.stock_level(%L, %L)', test_support.id('p'), test_support.id('w2')),
    $$VALUES (4::numeric)$$,
    'the stock arrives in the other warehouse'
);
SELECT is(
    api.transfer_stock('tr-1', test_support.id('p'), test_support.id('a1'), test_support.id('s1'), 4),
    test_support.id('t1'),
    'a retry returns the first transfer'
);
SELECT lives_ok(
    format(
        $$SELECT api.transfer_stock('tr-2', %L, %L, %L, 2, %L)$$,
        test_support.id('p'), test_support.id('a1'), test_support.id('q'), test_support.batch('GONE')
    ),
    'an expired batch can be moved to quarantine'
);
SELECT ok(test_support.books_agree(), 'every balance equals the sum of its ledger rows');

SELECT throws_ok(
    format(
        $$SELECT api.transfer_stock('tr-3', %L, %L, %L, 1, %L)$$,
        test_support.id('p'), test_support.id('q'), test_support.id('a2'), test_support.batch('GONE')
    ),
    'SD005',
    'batch GONE of P expired on 2020-01-01',
    'an expired batch cannot leave quarantine for a storage location (SD005)'
);
SELECT throws_ok(
    format($$SELECT api.transfer_stock('tr-4', %L, %L, %L, 50)$$, test_support.id('p'), test_support.id('a1'), test_support.id('a2')),
    'SD001',
    'insufficient stock for product P',
    'transferring more than is available at the source fails with SD001'
);
SELECT throws_ok(
    format($$SELECT api.transfer_stock('tr-5', %L, %L, %L, 1)$$, test_support.id('p'), test_support.id('a1'), test_support.id('a1')),
    '22023',
    'a transfer needs two different locations',
    'a transfer to the same location fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.transfer_stock('tr-6', %L, %L, '00000000-0000-7000-8000-00000000dead', 1)$$,
        test_support.id('p'), test_support.id('a1')
    ),
    'SD404',
    'location 00000000-0000-7000-8000-00000000dead not found',
    'an unknown destination fails with SD404'
);
SELECT throws_ok(
    format($$SELECT api.transfer_stock('tr-1', %L, %L, %L, 3)$$, test_support.id('p'), test_support.id('a1'), test_support.id('s1')),
    'SD002',
    'idempotency key tr-1 was already used with other arguments',
    'a key reused with other arguments fails with SD002'
);
SELECT throws_ok(
    format($$SELECT api.transfer_stock('tr-7', %L, %L, %L, -1)$$, test_support.id('p'), test_support.id('a1'), test_support.id('a2')),
    '22023',
    'quantity must be positive',
    'a negative quantity fails with 22023'
);

SELECT throws_ok(
    format(
        $$SELECT api.transfer_stock('tr-8', %L, %L, %L, 1, '00000000-0000-7000-8000-00000000dead')$$,
        test_support.id('p'), test_support.id('a1'), test_support.id('a2')
    ),
    'SD404',
    format('batch 00000000-0000-7000-8000-00000000dead not found for product %s', test_support.id('p')),
    'an unknown batch fails with SD404'
);
SELECT is(
    api.transfer_stock('xfer-scale', test_support.id('p'), test_support.id('a1'), test_support.id('a2'), 1),
    api.transfer_stock('xfer-scale', test_support.id('p'), test_support.id('a1'), test_support.id('a2'), 1.000),
    'a retry giving the quantity as 1.000 for 1 returns the first transfer'
);
SELECT * FROM finish();
ROLLBACK;
