-- Ledger rows in the default partition: partition maintenance moves them into
-- months made for them (inventory.adopt_default_ledger_rows), counted once.
-- Before, pg_partman could not make a month the default held rows of, and
-- the maintenance failed at every run from then on.
BEGIN;
SELECT plan(13);

DO $$
BEGIN
    PERFORM test_support.stock_world();
    PERFORM api.receive_stock('now-1', test_support.id('k'), test_support.id('a1'), 10);
    -- Movements two and three years ahead, past the four months made ahead,
    -- as after pg_cron stopped for that long (the api only writes at now()).
    INSERT INTO inventory.stock_movement (tenant_id, occurred_at, movement_type, product_id, location_id, quantity, reason)
    VALUES
    (test_support.default_tenant(), date_trunc('month', now()) + interval '24 months 3 days', 'adjustment',
     test_support.id('k'), test_support.id('a1'), 2, 'late'),
    (test_support.default_tenant(), date_trunc('month', now()) + interval '24 months 9 days', 'adjustment',
     test_support.id('k'), test_support.id('a1'), -1, 'late'),
    (test_support.default_tenant(), date_trunc('month', now()) + interval '36 months', 'adjustment',
     test_support.id('k'), test_support.id('a1'), 4, 'late');
    PERFORM set_config('test.far', to_char(now() + interval '24 months', 'YYYY_MM'), true);
    PERFORM set_config('test.farther', to_char(now() + interval '36 months', 'YYYY_MM'), true);
END
$$;

SELECT is(
    (SELECT count(*) FROM inventory.stock_movement_default), 3::bigint,
    'rows of months without a partition fall into the default'
);
SELECT is(
    (SELECT on_hand FROM inventory.inventory WHERE product_id = test_support.id('k')), 15.000::numeric(14, 3),
    'and count in their balance as they go in'
);
SELECT lives_ok(
    $$CALL ops.run_partition_maintenance()$$,
    'partition maintenance runs with rows in the default partition'
);
SELECT is(
    (SELECT count(*) FROM inventory.stock_movement_default), 0::bigint,
    'it leaves the default partition empty'
);
SELECT results_eq(
    $$SELECT tableoid::regclass::text, quantity FROM inventory.stock_movement
      WHERE reason = 'late' ORDER BY occurred_at$$,
    format(
        $$VALUES (%L, 2.000::numeric(14, 3)), (%L, -1.000), (%L, 4.000)$$,
        'inventory.stock_movement_p' || current_setting('test.far'),
        'inventory.stock_movement_p' || current_setting('test.far'),
        'inventory.stock_movement_p' || current_setting('test.farther')
    ),
    'each row is in a partition made for its month'
);
SELECT is(
    (SELECT on_hand FROM inventory.inventory WHERE product_id = test_support.id('k')), 15.000::numeric(14, 3),
    'the move counts none of them into the balance a second time'
);
SELECT ok(test_support.books_agree(), 'the books agree');
SELECT results_eq(
    $$SELECT status, detail -> 'adopted' FROM ops.maintenance_run
      WHERE job_name = 'partition-maintenance' ORDER BY started_at DESC LIMIT 1$$,
    format(
        $$VALUES ('ok', '[{"month": "%s", "rows": 2}, {"month": "%s", "rows": 1}]'::jsonb)$$,
        replace(current_setting('test.far'), '_', '-'), replace(current_setting('test.farther'), '_', '-')
    ),
    'the run ends well and says which months took how many rows'
);
SELECT is_empty(
    $$SELECT t.tgrelid::regclass, t.tgname FROM pg_trigger AS t
      JOIN pg_inherits AS i ON i.inhrelid = t.tgrelid AND i.inhparent = 'inventory.stock_movement'::regclass
      WHERE t.tgenabled <> 'O'$$,
    'every ledger trigger it switched off is on again'
);
SELECT results_eq(
    format(
        $$SELECT c.relacl::text, (SELECT count(*) FROM pg_index AS x WHERE x.indrelid = c.oid)
          FROM pg_class AS c WHERE c.oid = to_regclass(%L)$$,
        'inventory.stock_movement_p' || current_setting('test.farther')
    ),
    $$SELECT c.relacl::text, (SELECT count(*) FROM pg_index AS x WHERE x.indrelid = c.oid)
      FROM pg_class AS c WHERE c.oid = 'inventory.stock_movement_default'::regclass$$,
    'a month made for them has the grants and indexes of every other'
);
INSERT INTO inventory.stock_movement (tenant_id, occurred_at, movement_type, product_id, location_id, quantity, reason)
VALUES (
    test_support.default_tenant(), date_trunc('month', now()) + interval '24 months 20 days', 'adjustment',
    test_support.id('k'), test_support.id('a1'), 1, 'after'
);
SELECT results_eq(
    $$SELECT m.tableoid::regclass::text, i.on_hand FROM inventory.stock_movement AS m
      JOIN inventory.inventory AS i ON i.product_id = m.product_id AND i.location_id = m.location_id
      WHERE m.reason = 'after'$$,
    format($$VALUES (%L, 16.000::numeric(14, 3))$$, 'inventory.stock_movement_p' || current_setting('test.far')),
    'a later row of that month goes to its partition, and its balance trigger counts it there'
);

-- A table of the month's name in the way, as a month detached by retention.
DO $$
BEGIN
    EXECUTE format(
        'CREATE TABLE inventory.%I (LIKE inventory.stock_movement)',
        'stock_movement_p' || to_char(now() + interval '48 months', 'YYYY_MM')
    );
    INSERT INTO inventory.stock_movement (tenant_id, occurred_at, movement_type, product_id, location_id, quantity, reason)
    VALUES (test_support.default_tenant(), date_trunc('month', now()) + interval '48 months', 'adjustment',
            test_support.id('k'), test_support.id('a1'), 1, 'in the way');
END
$$;
SELECT throws_ok(
    $$SELECT inventory.adopt_default_ledger_rows()$$,
    '55000', format('no ledger partition could be made for %s', to_char(now() + interval '48 months', 'YYYY-MM')),
    'a month it cannot make is named, not filled into the table in the way'
);
SELECT is(
    (SELECT count(*) FROM inventory.stock_movement_default), 1::bigint,
    'and the row stays where it was'
);

SELECT * FROM finish();
ROLLBACK;
