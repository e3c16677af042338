-- api.hold_batch and api.lift_batch_hold: a recalled or unchecked lot stays
-- in. Before them a recalled lot kept selling unless every unit of it was
-- moved into quarantine, and a reservation made before that shipped it.
BEGIN;
SELECT plan(37);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 5, 'EARLY', '2030-01-01');
    PERFORM api.receive_stock('in-2', test_support.id('p'), test_support.id('a2'), 5, 'LATE', '2031-01-01');
    -- Made before the hold, so FEFO gave it the early lot.
    PERFORM test_support.remember('before', api.reserve_stock('r-0', test_support.id('p'), test_support.id('w'), 2));
    PERFORM test_support.remember('so', api.create_sales_order(
        'so-1', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1)), number => 'SO-H'
    ));
    PERFORM api.approve_sales_order(test_support.id('so'), test_support.version_of('sales.sales_order', test_support.id('so')));
    PERFORM api.reserve_sales_order('r-so', test_support.id('so'), test_support.id('w'));
END
$$;
CREATE FUNCTION pg_temp.v() RETURNS integer LANGUAGE sql AS $$
    SELECT version FROM report.batches WHERE batch_id = test_support.batch('EARLY')
$$;
CREATE FUNCTION pg_temp.lots(reservation uuid) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT b.batch_number FROM inventory.reservation_line AS rl
    JOIN catalog.product_batch AS b ON b.id = rl.batch_id
    WHERE rl.reservation_id = reservation ORDER BY b.batch_number
$$;
SELECT results_eq(
    $$SELECT * FROM pg_temp.lots(test_support.id('before'))$$, $$VALUES ('EARLY')$$,
    'before the hold, FEFO takes the early lot'
);

CREATE TEMP TABLE before_hold AS SELECT pg_temp.v() AS version;
SELECT cmp_ok(
    api.hold_batch(test_support.batch('EARLY'), pg_temp.v(), 'supplier recall R-7'),
    '>', (SELECT version FROM before_hold),
    'hold_batch returns the batch''s new version'
);
SELECT results_eq(
    $$SELECT held_at, hold_reason FROM report.batches WHERE batch_number = 'EARLY'$$,
    $$VALUES (now(), 'supplier recall R-7')$$,
    'report.batches says since when and why'
);
SELECT lives_ok(
    $$SELECT test_support.remember('after', api.reserve_stock('r-1', test_support.id('p'), test_support.id('w'), 3))$$,
    'a reservation after the hold'
);
SELECT results_eq(
    $$SELECT * FROM pg_temp.lots(test_support.id('after'))$$, $$VALUES ('LATE')$$,
    'passes over the held lot, although it expires first'
);
SELECT throws_ok(
    $$SELECT api.reserve_stock('r-2', test_support.id('p'), test_support.id('w'), 3)$$,
    'SD001', NULL, 'and the held lot does not make up a shortfall'
);
SELECT throws_ok(
    $$SELECT api.fulfil_reservation('f-0', test_support.id('before'))$$,
    'SD005', 'batch EARLY is on hold', 'a reservation made before the hold is not issued'
);
SELECT is(
    test_support.error_hint($$SELECT api.fulfil_reservation('f-0', test_support.id('before'))$$),
    'Release the reservation (a sales order''s: api.unreserve_sales_order) and reserve again, which passes '
    'over held batches, or lift the hold (api.lift_batch_hold).',
    'and the HINT says what to do'
);
SELECT throws_ok(
    $$SELECT api.ship_sales_order('s-1', test_support.id('so'), 'DHL', 'T-1')$$,
    'SD005', 'batch EARLY is on hold', 'nor is a sales order''s reservation of it shipped'
);
SELECT lives_ok(
    $$SELECT api.release_reservation('x-0', test_support.id('before'))$$, 'a reservation of it is released'
);
SELECT lives_ok(
    $$SELECT api.cancel_sales_order(test_support.id('so'), test_support.version_of('sales.sales_order', test_support.id('so')), 'recall')$$,
    'and a sales order holding it is cancelled'
);
SELECT lives_ok(
    $$SELECT api.fulfil_reservation('f-1', test_support.id('after'))$$, 'a reservation of another lot is issued'
);

-- What a held lot may still do.
SELECT throws_ok(
    format(
        $$SELECT api.record_movement('c-1', 'consumption', %L, %L, 1, %L)$$,
        test_support.id('p'), test_support.id('a1'), test_support.batch('EARLY')
    ),
    'SD005', 'batch EARLY of P is on hold', 'it is not consumed'
);
SELECT lives_ok(
    format(
        $$SELECT api.record_movement('c-2', 'adjustment', %L, %L, -1, %L, 'recalled, destroyed')$$,
        test_support.id('p'), test_support.id('a1'), test_support.batch('EARLY')
    ),
    'it is written off'
);
SELECT lives_ok(
    format(
        $$SELECT api.transfer_stock('t-1', %L, %L, %L, 1, %L)$$,
        test_support.id('p'), test_support.id('a1'), test_support.id('q'), test_support.batch('EARLY')
    ),
    'it is moved into quarantine'
);
SELECT lives_ok(
    format($$SELECT api.transfer_stock('t-2', %L, %L, %L, 1)$$, test_support.id('p'), test_support.id('a1'), test_support.id('q')),
    'also by a transfer that names only its location'
);
SELECT lives_ok(
    format(
        $$SELECT api.count_stock('k-1', %L, %L, %L, 2, 'recall count')$$,
        test_support.id('p'), test_support.id('a1'), test_support.batch('EARLY')
    ),
    'it is counted'
);
SELECT results_eq(
    $$SELECT location_code, on_hand, on_hold FROM report.stock_by_location WHERE batch_number = 'EARLY' ORDER BY 1$$,
    $$VALUES ('A1', 2::numeric, TRUE), ('Q', 2::numeric, TRUE)$$,
    'and its stock is where those left it, on hold'
);
SELECT is(
    (SELECT bool_or(on_hold) FROM report.stock_by_location WHERE batch_number = 'LATE'), FALSE,
    'while another lot''s is not'
);

-- Holding again, and errors.
SELECT lives_ok(
    $$SELECT api.hold_batch(test_support.batch('EARLY'), pg_temp.v(), 'recall R-7, confirmed')$$,
    'a held lot held again'
);
SELECT results_eq(
    $$SELECT held_at, hold_reason FROM report.batches WHERE batch_number = 'EARLY'$$,
    $$VALUES (now(), 'recall R-7, confirmed')$$,
    'takes the new reason and keeps since when'
);
SELECT throws_ok(
    $$SELECT api.hold_batch(test_support.batch('LATE'), 1, '  ')$$,
    '22023', 'a hold needs a reason', 'a blank reason is 22023'
);
SELECT throws_ok(
    $$SELECT api.hold_batch(test_support.batch('LATE'), NULL, 'x')$$,
    '22023', 'version must not be null', 'no version is 22023'
);
SELECT throws_ok(
    $$SELECT api.hold_batch(test_support.batch('EARLY'), 1, 'x')$$,
    'SD004', NULL, 'a stale version is SD004'
);
SELECT throws_ok(
    $$SELECT api.hold_batch(gen_random_uuid(), 1, 'x')$$,
    'SD404', NULL, 'an unknown batch is SD404'
);
SELECT throws_ok(
    $$SELECT api.lift_batch_hold(test_support.batch('LATE'), 1)$$,
    '22023', 'batch LATE is not on hold', 'a lot not on hold has no hold to lift'
);
SELECT throws_ok(
    $$SELECT api.lift_batch_hold(test_support.batch('EARLY'), 1)$$,
    'SD004', NULL, 'a lift at a stale version is SD004'
);
SELECT throws_ok(
    $$SELECT api.lift_batch_hold(gen_random_uuid(), 1)$$,
    'SD404', NULL, 'a lift of an unknown batch is SD404'
);

-- Lifted: the lot is allocated again.
SELECT lives_ok(
    $$SELECT api.lift_batch_hold(test_support.batch('EARLY'), pg_temp.v())$$, 'lift_batch_hold lifts it'
);
SELECT results_eq(
    $$SELECT held_at, hold_reason FROM report.batches WHERE batch_number = 'EARLY'$$,
    $$VALUES (NULL::timestamptz, NULL::text)$$,
    'the batch is held no more'
);
SELECT lives_ok(
    $$SELECT test_support.remember('lifted', api.reserve_stock('r-3', test_support.id('p'), test_support.id('w'), 1))$$,
    'a reservation after the lift'
);
SELECT results_eq(
    $$SELECT * FROM pg_temp.lots(test_support.id('lifted'))$$, $$VALUES ('EARLY')$$,
    'takes the early lot again'
);
SELECT lives_ok(
    $$SELECT api.fulfil_reservation('f-3', test_support.id('lifted'))$$, 'and it is issued'
);
SELECT ok(test_support.books_agree(), 'balances equal the ledger');
SELECT throws_ok(
    $$UPDATE catalog.product_batch SET held_at = now() WHERE batch_number = 'LATE'$$,
    '23514', NULL, 'a hold without a reason is refused by the table too'
);

DO $$
BEGIN
    PERFORM test_support.remember('sales', api.create_user('sales@example.com', 'sales'));
    PERFORM api.set_context(test_support.default_tenant(), test_support.id('sales'));
END
$$;
SELECT throws_ok(
    $$SELECT api.hold_batch(test_support.batch('LATE'), 1, 'x')$$,
    '42501', NULL, 'a role without the permission is refused'
);
SELECT set_config('stockdb.tenant_id', '', TRUE);
SELECT throws_ok(
    $$SELECT api.lift_batch_hold(test_support.batch('LATE'), 1)$$,
    '42501', 'no tenant context', 'without a tenant context it fails with 42501'
);

SELECT * FROM finish();
ROLLBACK;
