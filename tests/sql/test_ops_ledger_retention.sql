-- Ledger retention: ops.set_ledger_retention, and ops.run_partition_maintenance
-- detaching old months (inventory.detach_ledger_months) while the books agree.
BEGIN;
SELECT plan(30);

DO $$
BEGIN
    PERFORM test_support.stock_world();
    PERFORM test_support.remember('b1', test_support.make_batch(
        test_support.default_tenant(), test_support.id('p'), 'B1', '2030-01-01'
    ));
    -- Two old months, well behind any retention, written straight into the
    -- ledger (the api only writes at now()).
    PERFORM partman.create_partition_time('inventory.stock_movement', ARRAY['2025-01-01', '2025-02-01']::timestamptz[]);
    INSERT INTO inventory.stock_movement (tenant_id, occurred_at, movement_type, product_id, batch_id, location_id, quantity)
    VALUES
    (test_support.default_tenant(), '2025-01-10', 'purchase_receipt', test_support.id('k'), NULL, test_support.id('a1'), 10),
    (test_support.default_tenant(), '2025-01-20', 'reservation', test_support.id('k'), NULL, test_support.id('a1'), -3),
    (test_support.default_tenant(), '2025-02-03', 'purchase_receipt', test_support.id('k'), NULL, test_support.id('a1'), 5),
    (test_support.default_tenant(), '2025-02-04', 'sale_issue', test_support.id('k'), NULL, test_support.id('a1'), -2),
    (test_support.default_tenant(), '2025-02-05', 'purchase_receipt', test_support.id('p'), test_support.id('b1'), test_support.id('a2'), 7);
    PERFORM api.receive_stock('now-1', test_support.id('k'), test_support.id('a1'), 1);
END
$$;
DO $$
BEGIN
    PERFORM set_config('test.search_path', current_setting('search_path'), true);
END
$$;

SELECT throws_ok(
    'SELECT ops.set_ledger_retention(3)', '22023',
    'keep_months must be between 4 and 1200, or NULL to keep every month',
    'fewer than four months kept is refused'
);
SELECT throws_ok(
    'SELECT ops.set_ledger_retention(1201)', '22023',
    'keep_months must be between 4 and 1200, or NULL to keep every month',
    'more than a hundred years is refused'
);
SELECT throws_ok(
    $$SELECT inventory.detach_ledger_months(date_trunc('month', now()) - interval '3 months')$$, '22023',
    'only months that ended four whole months ago or earlier are detached',
    'a month within the four kept is never detached, even by hand'
);
SELECT throws_ok(
    'SELECT inventory.detach_ledger_months(NULL)', '22023',
    'only months that ended four whole months ago or earlier are detached',
    'nor are months up to no date'
);

-- pg_partman makes a month as the one who asks (here the superuser); with
-- inherit_privileges it hands it to the ledger's owner with the ledger's grants.
SELECT is(
    (SELECT relowner::regrole::text FROM pg_class WHERE oid = 'inventory.stock_movement_p2025_01'::regclass),
    'stockdb_owner',
    'a month made later belongs to the ledger''s owner'
);
SELECT set_eq(
    $$SELECT unnest(relacl)::text FROM pg_class WHERE oid = 'inventory.stock_movement_p2025_01'::regclass$$,
    $$SELECT unnest(relacl)::text FROM pg_class WHERE oid = 'inventory.stock_movement'::regclass$$,
    'and has the ledger''s grants'
);

CREATE TEMP VIEW last_run AS
SELECT
    status,
    detail
FROM ops.maintenance_run
WHERE job_name = 'partition-maintenance'
ORDER BY id DESC LIMIT 1;

-- Retention unset (the default): nothing is detached.
CALL ops.run_partition_maintenance();
SELECT results_eq(
    $$SELECT status, detail -> 'detached', detail -> 'keep_months' FROM last_run$$,
    $$VALUES ('ok', '[]'::jsonb, 'null'::jsonb)$$,
    'with no retention set every month stays attached'
);
SELECT is(
    current_setting('search_path'), current_setting('test.search_path'),
    'the caller''s search_path is as it was (pg_partman sets its own for the session)'
);
SELECT ok(
    'inventory.stock_movement_p2025_01'::regclass IN (SELECT inhrelid FROM pg_inherits),
    'the oldest month is still a partition'
);

SELECT lives_ok('SELECT ops.set_ledger_retention(4)', 'four months may be kept');
SELECT is((SELECT keep_months FROM ops.ledger_retention), 4, 'the retention is recorded');

-- As the role the maintenance jobs log in with.
SET LOCAL ROLE stockdb_maintenance;
CALL ops.run_partition_maintenance();
RESET ROLE;

SELECT results_eq(
    $$SELECT status, detail -> 'detached' @> '[{"table": "inventory.stock_movement_p2025_01", "rows": 2},
                                              {"table": "inventory.stock_movement_p2025_02", "rows": 3}]'
      FROM last_run$$,
    $$VALUES ('ok', TRUE)$$,
    'as stockdb_maintenance, the run detaches both old months and records their rows'
);
SELECT is_empty(
    $$SELECT 1 FROM pg_inherits WHERE inhrelid IN ('inventory.stock_movement_p2025_01'::regclass,
                                                   'inventory.stock_movement_p2025_02'::regclass)$$,
    'neither is a partition of the ledger any more'
);
SELECT is_empty(
    $$SELECT 1 FROM partman.show_partitions('inventory.stock_movement') AS p
      CROSS JOIN LATERAL partman.show_partition_info(
          p.partition_schemaname || '.' || p.partition_tablename, NULL, 'inventory.stock_movement') AS i
      WHERE i.child_end_time <= date_trunc('month', now()) - interval '4 months'$$,
    'no attached month ended before the four whole months kept'
);
SELECT isnt_empty(
    $$SELECT 1 FROM partman.show_partitions('inventory.stock_movement') AS p
      CROSS JOIN LATERAL partman.show_partition_info(
          p.partition_schemaname || '.' || p.partition_tablename, NULL, 'inventory.stock_movement') AS i
      WHERE i.child_start_time = date_trunc('month', now()) - interval '4 months'$$,
    'the fourth whole month before this one stays attached'
);
SELECT results_eq(
    $$SELECT (SELECT count(*) FROM inventory.stock_movement_p2025_01), (SELECT count(*) FROM inventory.stock_movement_p2025_02),
             (SELECT count(*) FROM inventory.stock_movement WHERE occurred_at < '2025-03-01')$$,
    $$VALUES (2::bigint, 3::bigint, 0::bigint)$$,
    'the detached rows stay in their tables and are no longer in the ledger'
);
SELECT results_eq(
    $$SELECT product_id, batch_id, location_id, on_hand, reserved, carried_to FROM inventory.ledger_carry
      ORDER BY on_hand$$,
    format(
        $$VALUES (%L::uuid, %L::uuid, %L::uuid, 7::numeric, 0::numeric, '2025-03-01'::timestamptz),
                 (%L, NULL, %L, 13, 3, '2025-03-01')$$,
        test_support.id('p'), test_support.id('b1'), test_support.id('a2'), test_support.id('k'), test_support.id('a1')
    ),
    'the carry holds what the two months summed to, per balance: on hand 10 + 5 - 2, reserved 3'
);
SELECT results_eq(
    format($$SELECT on_hand, reserved FROM inventory.inventory WHERE product_id = %L$$, test_support.id('k')),
    $$VALUES (14.000::numeric(14, 3), 3.000::numeric(14, 3))$$,
    'the balance itself is untouched'
);
SELECT ok(test_support.books_agree(), 'every balance equals its carry plus its attached ledger rows');
SELECT results_eq(
    $$SELECT status, detail LIKE '%; 4 whole months kept before this one, % detached'
      FROM ops.check_health() WHERE check_name = 'ledger_partitions'$$,
    $$VALUES ('ok', TRUE)$$,
    'stockdb check''s partition line says how many months are kept'
);
SELECT results_eq(
    $$SELECT table_name, range_from, range_to, row_count FROM ops.detached_ledger_month
      WHERE range_from < '2025-03-01' ORDER BY range_from$$,
    $$VALUES ('inventory.stock_movement_p2025_01', '2025-01-01'::timestamptz, '2025-02-01'::timestamptz, 2::bigint),
             ('inventory.stock_movement_p2025_02', '2025-02-01', '2025-03-01', 3)$$,
    'each detached month is recorded with its range and rows'
);
SELECT throws_ok(
    'UPDATE inventory.stock_movement_p2025_01 SET quantity = 100', '55000',
    'inventory.stock_movement is append-only: UPDATE refused',
    'a detached month stays append-only'
);
SELECT throws_ok(
    'TRUNCATE inventory.stock_movement_p2025_02', '55000',
    'inventory.stock_movement is append-only: TRUNCATE refused',
    'and cannot be truncated'
);

-- Life goes on: new movements, another run.
DO $$
BEGIN
    PERFORM api.record_movement('use-1', 'consumption', test_support.id('k'), test_support.id('a1'), 4);
END
$$;
CALL ops.run_partition_maintenance();
SELECT results_eq(
    'SELECT status, detail -> ''detached'' FROM last_run',
    $$VALUES ('ok', '[]'::jsonb)$$,
    'the next run has nothing more to detach'
);
SELECT results_eq(
    format($$SELECT on_hand, reserved FROM inventory.ledger_carry WHERE product_id = %L$$, test_support.id('k')),
    $$VALUES (13::numeric, 3::numeric)$$,
    'and carries nothing twice'
);
SELECT ok(test_support.books_agree(), 'the books agree after later movements too');

-- A DBA archives a detached month elsewhere and drops its table.
DROP TABLE inventory.stock_movement_p2025_01;
DO $$
BEGIN
    PERFORM partman.create_partition_time('inventory.stock_movement', ARRAY['2025-03-01']::timestamptz[]);
END
$$;
CALL ops.run_partition_maintenance();
SELECT results_eq(
    'SELECT status, detail -> ''detached'' FROM last_run',
    $$VALUES ('ok', '[{"table": "inventory.stock_movement_p2025_03", "rows": 0}]'::jsonb)$$,
    'a dropped detached month does not stop the next one from being detached'
);
SELECT matches(
    (SELECT detail FROM ops.check_health() WHERE check_name = 'ledger_partitions'),
    '; 4 whole months kept before this one, 3 detached \(1 of them dropped since\)$',
    'the check counts the detached months and says how many were dropped since'
);

SELECT lives_ok('SELECT ops.set_ledger_retention(NULL)', 'NULL turns retention off');
SELECT is((SELECT keep_months FROM ops.ledger_retention), NULL, 'and is recorded');

SELECT * FROM finish();
ROLLBACK;
