-- api.release_reservation
BEGIN;
SELECT plan(12);

DO $$
BEGIN
    PERFORM test_support.stock_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 10, 'B1');
    PERFORM test_support.remember('r1', api.reserve_stock('res-1', test_support.id('p'), test_support.id('w'), 4));
END
$$;

SELECT is_definer('api', 'release_reservation', 'api.release_reservation is SECURITY DEFINER');
SELECT lives_ok(
    format($$SELECT api.release_reservation('rel-1', %L)$$, test_support.id('r1')),
    'an active reservation can be released'
);
SELECT results_eq(
    format('SELECT on_hand, reserved, available FROM api.stock_level(%L)', test_support.id('p')),
    $$VALUES (10::numeric, 0::numeric, 10::numeric)$$,
    'released stock is available again'
);
SELECT results_eq(
    format('SELECT status::text, released_at IS NOT NULL FROM inventory.reservation WHERE id = %L', test_support.id('r1')),
    $$VALUES ('released', TRUE)$$,
    'the reservation is released, with the time'
);
SELECT lives_ok(
    format($$SELECT api.release_reservation('rel-1', %L)$$, test_support.id('r1')),
    'a retry with the same key succeeds'
);
SELECT is(
    (SELECT count(*) FROM inventory.stock_movement WHERE movement_type = 'release'),
    1::bigint,
    'the retry released nothing twice'
);
SELECT ok(test_support.books_agree(), 'every balance equals the sum of its ledger rows');
SELECT throws_ok(
    format($$SELECT api.release_reservation('rel-2', %L)$$, test_support.id('r1')),
    'SD003',
    format('reservation %s is released, not active', test_support.id('r1')),
    'releasing a reservation that is no longer active fails with SD003'
);
SELECT throws_ok(
    $$SELECT api.release_reservation('rel-3', '00000000-0000-7000-8000-00000000dead')$$,
    'SD404',
    'reservation 00000000-0000-7000-8000-00000000dead not found',
    'an unknown reservation fails with SD404'
);

SELECT throws_ok(
    $$SELECT api.release_reservation('rel-4', NULL)$$,
    '22023',
    'reservation_id must not be null',
    'a null reservation fails with 22023'
);
DO $$
BEGIN
    PERFORM test_support.remember('r2', api.reserve_stock('res-2', test_support.id('p'), test_support.id('w'), 1));
END
$$;
SELECT throws_ok(
    format($$SELECT api.release_reservation('rel-1', %L)$$, test_support.id('r2')),
    'SD002',
    'idempotency key rel-1 was already used with other arguments',
    'a key reused for another reservation fails with SD002'
);
SELECT is(
    (SELECT status::text FROM inventory.reservation WHERE id = test_support.id('r2')),
    'active',
    'the refused call released nothing'
);
SELECT * FROM finish();
ROLLBACK;
