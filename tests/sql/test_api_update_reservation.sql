-- api.update_reservation: a hold extended, made open-ended or re-labelled.
-- Before it a customer who needed another day cost a release and a new
-- reservation, which could lose the stock to someone else meanwhile.
BEGIN;
SELECT plan(14);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 10, 'B1');
    PERFORM test_support.remember('r1', api.reserve_stock(
        'res-1', test_support.id('p'), test_support.id('w'), 4, 'quote 7', now() + interval '1 day'
    ));
    PERFORM test_support.remember('r2', api.reserve_stock('res-2', test_support.id('p'), test_support.id('w'), 1));
    PERFORM api.release_reservation('rel-2', test_support.id('r2'));
    PERFORM test_support.remember('so', api.create_sales_order(
        'so-1', test_support.id('cust'), jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 2))
    ));
    PERFORM api.approve_sales_order(test_support.id('so'), test_support.version_of('sales.sales_order', test_support.id('so')));
    PERFORM api.reserve_sales_order('rso-1', test_support.id('so'), test_support.id('w'));
END
$$;
CREATE FUNCTION pg_temp.v(key text) RETURNS integer LANGUAGE sql AS $$
    SELECT version FROM report.reservations WHERE reservation_id = test_support.id(key)
$$;

SELECT is(
    api.update_reservation(test_support.id('r1'), pg_temp.v('r1'), now() + interval '3 days'),
    2, 'update_reservation extends a hold and returns the new version'
);
SELECT results_eq(
    format($$SELECT expires_at = now() + interval '3 days', reference, quantity, status::text
             FROM report.reservations WHERE reservation_id = %L$$, test_support.id('r1')),
    $$VALUES (TRUE, 'quote 7', 4::numeric, 'active')$$,
    'the hold is longer, the rest as it was'
);
SELECT results_eq(
    format('SELECT reserved FROM api.stock_level(%L)', test_support.id('p')),
    $$VALUES (6::numeric)$$,
    'and the stock it holds stays held (4 here, 2 for the order)'
);
SELECT lives_ok(
    $$SELECT api.update_reservation(test_support.id('r1'), pg_temp.v('r1'), 'infinity', 'order 12')$$,
    '''infinity'' makes it open-ended'
);
SELECT results_eq(
    format('SELECT expires_at, reference FROM report.reservations WHERE reservation_id = %L', test_support.id('r1')),
    $$VALUES (NULL::timestamptz, 'order 12')$$,
    'stored as no expiry, with the new reference'
);
SELECT throws_ok(
    $$SELECT api.update_reservation(test_support.id('r1'), 1, now() + interval '1 day')$$,
    'SD004', NULL, 'a stale version is SD004'
);
SELECT throws_ok(
    $$SELECT api.update_reservation(test_support.id('r1'), NULL, now() + interval '1 day')$$,
    '22023', 'version must not be null', 'no version is 22023'
);
SELECT throws_ok(
    $$SELECT api.update_reservation(test_support.id('r1'), pg_temp.v('r1'), now() - interval '1 minute')$$,
    '22023', 'expires_at must be in the future', 'an expiry in the past is refused'
);
SELECT throws_ok(
    $$SELECT api.update_reservation(gen_random_uuid(), 1, now() + interval '1 day')$$,
    'SD404', NULL, 'an unknown reservation is SD404'
);
SELECT throws_ok(
    $$SELECT api.update_reservation(test_support.id('r2'), pg_temp.v('r2'), now() + interval '1 day')$$,
    'SD003', NULL, 'a released reservation is not changed'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_reservation(%L, 1, now() + interval '1 day')$$,
        (SELECT reservation_id FROM report.reservations WHERE sales_order_id = test_support.id('so'))
    ),
    '22023', NULL, 'nor a sales order''s, which goes with its order'
);

-- The expiry job picks a reservation as overdue, then locks it: one extended
-- meanwhile is left alone.
DO $$
BEGIN
    PERFORM test_support.remember('r3', api.reserve_stock(
        'res-3', test_support.id('p'), test_support.id('w'), 1, NULL, now() + interval '1 hour'
    ));
END
$$;
SELECT throws_ok(
    format($$SELECT inventory.close_reservation(test_support.default_tenant(), %L, 'expired')$$, test_support.id('r3')),
    'SD003', format('reservation %s is not due to expire', test_support.id('r3')),
    'a reservation not yet past its expires_at does not expire'
);
SELECT throws_ok(
    format($$SELECT inventory.close_reservation(test_support.default_tenant(), %L, 'expired')$$, test_support.id('r1')),
    'SD003', format('reservation %s is not due to expire', test_support.id('r1')),
    'nor one without an expiry'
);
UPDATE inventory.reservation SET expires_at = now() - interval '1 second', created_at = now() - interval '1 hour'
WHERE id = test_support.id('r3');
SELECT lives_ok(
    format($$SELECT inventory.close_reservation(test_support.default_tenant(), %L, 'expired')$$, test_support.id('r3')),
    'one past it does'
);

SELECT * FROM finish();
ROLLBACK;
