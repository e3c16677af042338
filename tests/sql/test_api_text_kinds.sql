-- A movement type or a location kind is text to the api (migration 0062).
-- Typed as our enums, a call binding it as text or varchar (JDBC's
-- setString, Npgsql's string, a prepared statement) found no function
-- (42883), and an application's role cannot name the enum types; an unknown
-- value failed in the cast with a bare 22P02, before the function ran.
BEGIN;
SELECT plan(16);

DO $$
BEGIN
    PERFORM test_support.stock_world();
    -- Ids an application would hold, readable under its role.
    PERFORM set_config('test.k', test_support.id('k')::text, true);
    PERFORM set_config('test.w', test_support.id('w')::text, true);
    PERFORM set_config('test.a1', test_support.id('a1')::text, true);
END
$$;

SET LOCAL ROLE stockdb_app;
SELECT lives_ok(
    $$SELECT api.record_movement(
        'txt-1'::text, 'adjustment'::text, current_setting('test.k')::uuid, current_setting('test.a1')::uuid,
        5::numeric, NULL::uuid, 'found'::text
    )$$,
    'the application''s role calls record_movement with movement_type bound as text'
);
SELECT lives_ok(
    $$SELECT api.receive_stock(
        idempotency_key => 'txt-2'::varchar, product_id => current_setting('test.k')::uuid,
        location_id => current_setting('test.a1')::uuid, quantity => 1::numeric, movement_type => 'returned'::varchar
    )$$,
    'and receive_stock with movement_type bound as varchar, by name'
);
SELECT lives_ok(
    $$SELECT api.create_location(current_setting('test.w')::uuid, 'TXT-Q'::text, 'quarantine'::text)$$,
    'and create_location with kind bound as text'
);
SELECT lives_ok(
    $$SELECT api.update_location(
        (SELECT l.location_id FROM report.locations AS l WHERE l.code = 'TXT-Q'), 1, kind => 'storage'::varchar
    )$$,
    'and update_location with kind bound as varchar'
);
SELECT throws_ok(
    $$SELECT api.record_movement(
        'txt-3', 'bogus'::text, current_setting('test.k')::uuid, current_setting('test.a1')::uuid, 1, NULL, 'x'
    )$$,
    '22023', 'record_movement takes movement_type adjustment, consumption or returned',
    'an unknown movement type is 22023 from record_movement, not 22P02 from a cast'
);
SELECT throws_ok(
    $$SELECT api.receive_stock(
        'txt-4', current_setting('test.k')::uuid, current_setting('test.a1')::uuid, 1, movement_type => 'Returned'
    )$$,
    '22023', 'receive_stock takes movement_type purchase_receipt or returned',
    'and from receive_stock (the values are lower case)'
);
SELECT throws_ok(
    $$SELECT api.create_location(current_setting('test.w')::uuid, 'TXT-X', 'shelf')$$,
    '22023', 'unknown location kind shelf',
    'an unknown location kind is 22023 from create_location'
);
SELECT throws_ok(
    $$SELECT api.update_location(
        (SELECT l.location_id FROM report.locations AS l WHERE l.code = 'TXT-Q'), 2, kind => 'bin'
    )$$,
    '22023', 'unknown location kind bin',
    'and from update_location'
);
RESET ROLE;

SELECT results_eq(
    $$SELECT m.movement_type::text, m.quantity FROM inventory.stock_movement AS m
      WHERE m.idempotency_key IN ('txt-1', 'txt-2') ORDER BY m.idempotency_key$$,
    $$VALUES ('adjustment', 5.000::numeric(14, 3)), ('returned', 1.000::numeric(14, 3))$$,
    'the two movements were posted with their types'
);
SELECT results_eq(
    $$SELECT l.kind::text, l.version FROM warehouse.location AS l WHERE l.code = 'TXT-Q'$$,
    $$VALUES ('storage', 2)$$,
    'the location was made in quarantine and turned to storage'
);
SELECT ok(
    NOT EXISTS (SELECT FROM inventory.stock_movement AS m WHERE m.idempotency_key IN ('txt-3', 'txt-4'))
    AND NOT EXISTS (SELECT FROM warehouse.location AS l WHERE l.code = 'TXT-X') AND test_support.books_agree(),
    'the refused calls changed nothing'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.create_location(%L, 'TXT-Y', E'shelf\n2')$$, test_support.id('w')
    )),
    $$kind => E'shelf\n2'.$$,
    'the DETAIL quotes the kind given, escaped'
);
SELECT is(
    test_support.error_hint(format(
        $$SELECT api.create_location(%L, 'TXT-Y', 'shelf')$$, test_support.id('w')
    )),
    'Use one of: receiving, storage, picking, shipping, quarantine.',
    'the HINT names the kinds'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.record_movement('txt-5', 'sale', %L, %L, 1)$$, test_support.id('k'), test_support.id('a1')
    )),
    $$movement_type => 'sale'.$$,
    'record_movement''s DETAIL quotes the type given'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.receive_stock('txt-6', %L, %L, 1, movement_type => NULL)$$, test_support.id('k'), test_support.id('a1')
    )),
    'movement_type => NULL.',
    'and receive_stock''s a NULL type as NULL'
);
DO $$
BEGIN
    PERFORM api.create_location(test_support.id('w'), 'TXT-D');
END
$$;
SELECT is(
    (SELECT l.kind::text FROM warehouse.location AS l WHERE l.code = 'TXT-D'),
    'storage',
    'a location made without a kind is storage, as before'
);

SELECT * FROM finish();
ROLLBACK;
