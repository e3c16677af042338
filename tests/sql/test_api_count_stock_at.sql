-- api.count_stock_at. Every call of one test runs at the same now(), so the
-- stock a count was taken against is set up with ledger rows written an
-- hour or two back, as a receipt made before the count would be.
BEGIN;
SELECT plan(20);

DO $$
BEGIN
    PERFORM test_support.stock_world();
    -- K at A2: 5 received two hours ago, 3 used now. Counted an hour ago: 5.
    INSERT INTO inventory.stock_movement (tenant_id, occurred_at, movement_type, product_id, location_id, quantity)
    VALUES (test_support.default_tenant(), now() - interval '2 hours', 'purchase_receipt', test_support.id('k'),
            test_support.id('a2'), 5);
    PERFORM api.record_movement('use-3', 'consumption', test_support.id('k'), test_support.id('a2'), 3);
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 10, 'B1');
END
$$;

SELECT is_definer('api', 'count_stock_at', 'api.count_stock_at is SECURITY DEFINER');

SELECT is(
    api.count_stock_at('cnt-k', test_support.id('k'), test_support.id('a2'), NULL, 5, now() - interval '1 hour'),
    NULL::uuid,
    'a count that matched the stock when it was taken posts nothing, though 3 were used since'
);
SELECT is(
    (SELECT on_hand FROM inventory.inventory WHERE product_id = test_support.id('k')),
    2.000::numeric(14, 3),
    'what was used after the count stays used'
);

DO $$
BEGIN
    PERFORM test_support.remember('c1', api.count_stock_at('cnt-1', test_support.id('p'), test_support.id('a1'),
        test_support.batch('B1'), 1, now() - interval '1 hour', 'before the delivery'));
END
$$;
SELECT results_eq(
    format('SELECT movement_type::text, quantity, reason FROM inventory.stock_movement WHERE id = %L', test_support.id('c1')),
    $$VALUES ('adjustment', 1.000::numeric(14, 3), 'before the delivery')$$,
    'a count taken before a receipt posts its difference from the stock then (0), and the receipt stays'
);
SELECT is(
    (SELECT on_hand FROM inventory.inventory WHERE product_id = test_support.id('p')),
    11.000::numeric(14, 3),
    'on hand is what was counted plus what arrived since'
);
SELECT is(
    api.count_stock_at(
        'cnt-1', test_support.id('p'), test_support.id('a1'), test_support.batch('B1'), 1,
        now() - interval '1 hour', 'before the delivery'
    ),
    test_support.id('c1'),
    'a retry returns the first adjustment'
);
SET LOCAL TimeZone = 'Asia/Kolkata';
SELECT is(
    api.count_stock_at(
        'cnt-1', test_support.id('p'), test_support.id('a1'), test_support.batch('B1'), 1.000,
        (now() - interval '1 hour')::text::timestamptz, 'before the delivery'
    ),
    test_support.id('c1'),
    'a retry from a session in another time zone, with the count as 1.000, returns the first adjustment'
);
RESET TimeZone;
SELECT is(
    api.count_stock_at('cnt-2', test_support.id('p'), test_support.id('a1'), test_support.batch('B1'), 11, now()),
    NULL::uuid,
    'a count at the time of the last movement there matches the balance'
);
SELECT ok(test_support.books_agree(), 'every balance equals the sum of its ledger rows');

SELECT throws_ok(
    format(
        $$SELECT api.count_stock_at('cnt-3', %L, %L, %L, 10, now() - interval '2 hours')$$,
        test_support.id('p'), test_support.id('a1'), test_support.batch('B1')
    ),
    'SD004',
    'an adjustment of P at A1 was posted after it was counted',
    'a count taken before an adjustment there fails with SD004: its difference would come on top of it'
);
SELECT throws_ok(
    format(
        $$SELECT api.count_stock_at('cnt-4', %L, %L, NULL, 0, now() - interval '90 minutes')$$,
        test_support.id('k'), test_support.id('a2')
    ),
    'SD001',
    'counted 0 of K, with -3 moved there since, leaves -3 on hand, less than the 0 reserved there',
    'a count that what was used since would take below zero fails with SD001'
);
DO $$
BEGIN
    PERFORM api.reserve_stock('res-1', test_support.id('p'), test_support.id('w'), 4);
END
$$;
SELECT throws_ok(
    format(
        $$SELECT api.count_stock_at('cnt-5', %L, %L, %L, 3, now())$$,
        test_support.id('p'), test_support.id('a1'), test_support.batch('B1')
    ),
    'SD001',
    'counted 3 of P, with 0 moved there since, leaves 3 on hand, less than the 4 reserved there',
    'a count below what is reserved fails with SD001'
);
SELECT throws_ok(
    format($$SELECT api.count_stock_at('cnt-6', %L, %L, NULL, 1, NULL)$$, test_support.id('k'), test_support.id('a2')),
    '22023',
    'counted_at must be a time',
    'a count without counted_at fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.count_stock_at('cnt-7', %L, %L, NULL, 1, 'infinity')$$, test_support.id('k'), test_support.id('a2')),
    '22023',
    'counted_at must be a time',
    'a count at infinity fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.count_stock_at('cnt-8', %L, %L, NULL, 1, now() + interval '1 hour')$$,
        test_support.id('k'), test_support.id('a2')
    ),
    '22023',
    'counted_at is in the future',
    'a count to come fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.count_stock_at('cnt-9', %L, %L, NULL, -1, now())$$, test_support.id('k'), test_support.id('a2')),
    '22023',
    'counted_quantity must be zero or more',
    'a negative count fails with 22023'
);
INSERT INTO ops.detached_ledger_month (table_name, range_from, range_to, row_count)
VALUES ('inventory.stock_movement_p2000_01', now() - interval '1 month', now() - interval '30 minutes', 0);
SELECT throws_ok(
    format(
        $$SELECT api.count_stock_at('cnt-10', %L, %L, NULL, 5, now() - interval '1 hour')$$,
        test_support.id('k'), test_support.id('a2')
    ),
    '22023',
    format('counted_at is before %s, where the ledger''s attached months begin', now() - interval '30 minutes'),
    'a count before the months ledger retention detached fails with 22023: what moved since is gone'
);
DELETE FROM ops.detached_ledger_month;
SELECT throws_ok(
    format(
        $$SELECT api.count_stock_at('cnt-11', %L, %L, NULL, 1, now())$$,
        test_support.id('p'), '00000000-0000-7000-8000-00000000dead'
    ),
    'SD404',
    'location 00000000-0000-7000-8000-00000000dead not found',
    'an unknown location fails with SD404'
);
SELECT throws_ok(
    format(
        $$SELECT api.count_stock_at('cnt-1', %L, %L, %L, 1, now() - interval '3 hours', 'before the delivery')$$,
        test_support.id('p'), test_support.id('a1'), test_support.batch('B1')
    ),
    'SD002',
    'idempotency key cnt-1 was already used with other arguments',
    'a key reused with another counted_at fails with SD002'
);
SELECT ok(test_support.books_agree(), 'every balance still equals the sum of its ledger rows');

SELECT * FROM finish();
ROLLBACK;
