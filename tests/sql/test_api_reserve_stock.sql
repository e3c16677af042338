-- api.reserve_stock: FEFO then FIFO, never expired or quarantined, all or nothing.
BEGIN;
SELECT plan(16);

DO $$
BEGIN
    PERFORM test_support.stock_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 5, 'LATE', '2031-06-01');
    PERFORM api.receive_stock('in-2', test_support.id('p'), test_support.id('a2'), 3, 'SOON', '2030-01-01');
    PERFORM api.receive_stock('in-3', test_support.id('p'), test_support.id('a1'), 9, 'GONE', '2020-01-01');
    PERFORM api.receive_stock('in-4', test_support.id('p'), test_support.id('q'), 9, 'HELD', '2029-01-01');
    PERFORM api.receive_stock('in-5', test_support.id('p'), test_support.id('s1'), 9, 'ELSEWHERE', '2029-01-01');
    PERFORM api.receive_stock('in-6', test_support.id('p'), test_support.id('a2'), 2, 'LATE');
END
$$;

SELECT is_definer('api', 'reserve_stock', 'api.reserve_stock is SECURITY DEFINER');

DO $$
BEGIN
    PERFORM test_support.remember('r1', api.reserve_stock(
        idempotency_key => 'res-1', product_id => test_support.id('p'), warehouse_id => test_support.id('w'),
        quantity => 6, reference => 'SO-1', expires_at => now() + interval '1 day'
    ));
END
$$;
SELECT results_eq(
    format(
        $$SELECT b.batch_number, l.code, rl.quantity
          FROM inventory.reservation_line AS rl
          JOIN catalog.product_batch AS b ON b.id = rl.batch_id
          JOIN warehouse.location AS l ON l.id = rl.location_id
          WHERE rl.reservation_id = %L
          ORDER BY b.expiry_date, b.received_at, l.code$$,
        test_support.id('r1')
    ),
    $$VALUES ('SOON', 'A2', 3.000::numeric(14, 3)), ('LATE', 'A1', 3.000::numeric(14, 3))$$,
    'the earliest expiry goes first, then the next batch; expired, quarantined and other warehouses'' stock never'
);
SELECT results_eq(
    format('SELECT on_hand, reserved, available FROM api.stock_level(%L, %L)', test_support.id('p'), test_support.id('w')),
    $$VALUES (28::numeric, 6::numeric, 22::numeric)$$,
    'reserved stock stays on hand and leaves available'
);
SELECT results_eq(
    format('SELECT status::text, quantity, reference FROM inventory.reservation WHERE id = %L', test_support.id('r1')),
    $$VALUES ('active', 6.000::numeric(14, 3), 'SO-1')$$,
    'the reservation is active for the whole quantity'
);
SELECT is(
    api.reserve_stock(
        'res-1', test_support.id('p'), test_support.id('w'), 6, 'SO-1',
        (SELECT expires_at FROM inventory.reservation WHERE id = test_support.id('r1'))
    ),
    test_support.id('r1'),
    'a retry returns the first reservation'
);
SELECT is((SELECT count(*) FROM inventory.reservation), 1::bigint, 'the retry reserved nothing more');
SELECT ok(test_support.books_agree(), 'every balance equals the sum of its ledger rows');

SELECT throws_ok(
    format($$SELECT api.reserve_stock('res-2', %L, %L, 5)$$, test_support.id('p'), test_support.id('w')),
    'SD001',
    'insufficient stock for product P',
    'asking for more than the allocatable stock fails with SD001'
);
SELECT is(
    (SELECT count(*) FROM inventory.reservation), 1::bigint, 'a refused reservation leaves nothing behind'
);
DO $$
DECLARE
    v_detail text;
BEGIN
    PERFORM api.reserve_stock('res-3', test_support.id('p'), test_support.id('w'), 5);
EXCEPTION WHEN SQLSTATE 'SD001' THEN
    GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL;
    CREATE TEMP TABLE sd001_detail AS SELECT v_detail AS detail;
END
$$;
SELECT is(
    (SELECT detail FROM sd001_detail),
    'asked 5, available 4 in warehouse W',
    'SD001 says what was asked and what is available'
);
SELECT throws_ok(
    format(
        $$SELECT api.reserve_stock('res-4', %L, %L, 1, expires_at => now() - interval '1 minute')$$,
        test_support.id('p'), test_support.id('w')
    ),
    '22023',
    'expires_at must be in the future',
    'an expiry in the past fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.reserve_stock('res-5', %L, '00000000-0000-7000-8000-00000000dead', 1)$$, test_support.id('p')),
    'SD404',
    'warehouse 00000000-0000-7000-8000-00000000dead not found',
    'an unknown warehouse fails with SD404'
);
SELECT throws_ok(
    format($$SELECT api.reserve_stock('res-1', %L, %L, 7)$$, test_support.id('p'), test_support.id('w')),
    'SD002',
    'idempotency key res-1 was already used with other arguments',
    'a key reused with other arguments fails with SD002'
);

SELECT throws_ok(
    format($$SELECT api.reserve_stock('res-6', %L, %L, 0)$$, test_support.id('p'), test_support.id('w')),
    '22023',
    'quantity must be positive',
    'reserving nothing fails with 22023'
);
-- JSON writes a timestamptz in the session's TimeZone: a retry from a session
-- in another zone (another server, a JDBC driver) was refused with SD002.
SET LOCAL timezone = 'UTC';
DO $$
BEGIN
    PERFORM test_support.remember(
        'res-tz', api.reserve_stock('res-tz', test_support.id('p'), test_support.id('w'), 1, expires_at => '2099-01-01 10:00+00')
    );
END
$$;
SET LOCAL timezone = 'Asia/Kolkata';
SELECT is(
    api.reserve_stock('res-tz', test_support.id('p'), test_support.id('w'), 1.0, expires_at => '2099-01-01 15:30+05:30'),
    test_support.id('res-tz'),
    'a retry from a session in another time zone, the quantity as 1.0, returns the first reservation'
);
-- 'infinity' is how api.update_reservation says "none"; stored, it made every
-- report of the reservation fail in Python (which has no date past 9999).
DO $$
BEGIN
    PERFORM test_support.remember(
        'res-inf', api.reserve_stock('res-inf', test_support.id('p'), test_support.id('w'), 1, expires_at => 'infinity')
    );
END
$$;
SELECT results_eq(
    format('SELECT expires_at IS NULL FROM inventory.reservation WHERE id = %L', test_support.id('res-inf')),
    $$VALUES (true)$$,
    'an expiry of infinity is a reservation that does not expire (expires_at NULL)'
);
SELECT * FROM finish();
ROLLBACK;
