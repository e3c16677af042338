-- api.fulfil_reservation
BEGIN;
SELECT plan(13);

DO $$
BEGIN
    PERFORM test_support.stock_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 2, 'B1', '2030-01-01');
    PERFORM api.receive_stock('in-2', test_support.id('p'), test_support.id('a2'), 5, 'B2', '2031-01-01');
    PERFORM test_support.remember('r1', api.reserve_stock('res-1', test_support.id('p'), test_support.id('w'), 4));
END
$$;

SELECT is_definer('api', 'fulfil_reservation', 'api.fulfil_reservation is SECURITY DEFINER');
DO $$
BEGIN
    CREATE TEMP TABLE issued AS
    SELECT unnest(api.fulfil_reservation('ful-1', test_support.id('r1'))) AS movement_id;
END
$$;
SELECT results_eq(
    $$SELECT b.batch_number, l.code, m.movement_type::text, m.quantity
      FROM issued AS i
      JOIN inventory.stock_movement AS m ON m.id = i.movement_id
      JOIN catalog.product_batch AS b ON b.id = m.batch_id
      JOIN warehouse.location AS l ON l.id = m.location_id
      ORDER BY b.batch_number$$,
    $$VALUES ('B1', 'A1', 'sale_issue', -2.000::numeric(14, 3)), ('B2', 'A2', 'sale_issue', -2.000::numeric(14, 3))$$,
    'fulfilment issues exactly the reserved batches at their locations and returns those movements'
);
SELECT results_eq(
    format('SELECT on_hand, reserved, available FROM api.stock_level(%L)', test_support.id('p')),
    $$VALUES (3::numeric, 0::numeric, 3::numeric)$$,
    'issued stock leaves on hand and reserved'
);
SELECT is(
    (SELECT status::text FROM inventory.reservation WHERE id = test_support.id('r1')),
    'fulfilled',
    'the reservation is fulfilled'
);
SELECT set_eq(
    format($$SELECT unnest(api.fulfil_reservation('ful-1', %L))$$, test_support.id('r1')),
    'SELECT movement_id FROM issued',
    'a retry returns the same movements'
);
SELECT is(
    (SELECT count(*) FROM inventory.stock_movement WHERE movement_type = 'sale_issue'),
    2::bigint,
    'the retry issued nothing twice'
);
SELECT ok(test_support.books_agree(), 'every balance equals the sum of its ledger rows');
SELECT throws_ok(
    format($$SELECT api.fulfil_reservation('ful-2', %L)$$, test_support.id('r1')),
    'SD003',
    format('reservation %s is fulfilled, not active', test_support.id('r1')),
    'a fulfilled reservation cannot be fulfilled again (SD003)'
);
SELECT throws_ok(
    $$SELECT api.fulfil_reservation('ful-3', NULL)$$,
    '22023',
    'reservation_id must not be null',
    'a null reservation fails with 22023'
);
-- expires_at is when ops.expire_reservations may release it; until it does,
-- the reservation holds and can be fulfilled.
DO $$
BEGIN
    PERFORM test_support.remember('r2', api.reserve_stock(
        'res-2', test_support.id('p'), test_support.id('w'), 1, expires_at => now() + interval '1 minute'
    ));
    UPDATE inventory.reservation SET created_at = now() - interval '2 minutes', expires_at = now() - interval '1 minute'
    WHERE id = test_support.id('r2');
    PERFORM api.fulfil_reservation('ful-4', test_support.id('r2'));
END
$$;
SELECT is(
    (SELECT status::text FROM inventory.reservation WHERE id = test_support.id('r2')),
    'fulfilled',
    'a reservation past its expires_at that the sweep has not released yet can still be fulfilled'
);

DO $$
BEGIN
    PERFORM test_support.remember('r3', api.reserve_stock('res-3', test_support.id('p'), test_support.id('w'), 1));
END
$$;
SELECT throws_ok(
    format($$SELECT api.fulfil_reservation('ful-1', %L)$$, test_support.id('r3')),
    'SD002',
    'idempotency key ful-1 was already used with other arguments',
    'a key reused for another reservation fails with SD002'
);
SELECT is(
    (SELECT status::text FROM inventory.reservation WHERE id = test_support.id('r3')),
    'active',
    'the refused call issued nothing'
);
SELECT throws_ok(
    $$SELECT api.fulfil_reservation('ful-5', '00000000-0000-7000-8000-00000000dead')$$,
    'SD404',
    'reservation 00000000-0000-7000-8000-00000000dead not found',
    'an unknown reservation fails with SD404'
);
SELECT * FROM finish();
ROLLBACK;
