-- The ledger's months begin at midnight in one time zone (inventory.ledger_time_zone),
-- and partition maintenance works in it whatever the session's TimeZone. It
-- worked in the session's: pg_partman read the last month as the one before,
-- and a run in America/New_York on months made in UTC made no month ahead.
BEGIN;
SELECT plan(9);

SELECT ok(
    (SELECT z.name FROM inventory.ledger_time_zone AS z) IN ('UTC', 'Etc/UTC', current_setting('TimeZone')),
    'the migration recorded the zone the months were made in'
);
SELECT is(
    (
        SELECT count(*) FROM partman.show_partitions('inventory.stock_movement') AS p
        CROSS JOIN
            LATERAL partman.show_partition_info(
                p.partition_schemaname || '.' || p.partition_tablename, NULL, 'inventory.stock_movement'
            ) AS i
        WHERE
            (i.child_start_time AT TIME ZONE inventory.ledger_time_zone())
            <> date_trunc('month', i.child_start_time AT TIME ZONE inventory.ledger_time_zone())
    ),
    0::bigint,
    'every month begins at midnight on the 1st in it'
);

-- The newest month goes, and a run in a session hours behind the ledger's
-- zone makes it again (New York, or UTC-12 where the ledger's zone is behind
-- UTC: the CI machine's zone is the ledger's).
DO $$
DECLARE
    v_newest record;
BEGIN
    PERFORM set_config(
        'test.session_zone',
        CASE WHEN (now() AT TIME ZONE inventory.ledger_time_zone()) >= (now() AT TIME ZONE 'UTC')
            THEN 'America/New_York' ELSE 'Etc/GMT+12' END,
        true
    );
    SELECT p.partition_tablename AS name, i.child_start_time AS starts, i.child_end_time AS ends INTO v_newest
    FROM partman.show_partitions('inventory.stock_movement', 'DESC') AS p
    CROSS JOIN LATERAL partman.show_partition_info(
        p.partition_schemaname || '.' || p.partition_tablename, NULL, 'inventory.stock_movement'
    ) AS i
    LIMIT 1;
    PERFORM set_config('test.newest', v_newest.name, true);
    PERFORM set_config('test.newest_range', tstzrange(v_newest.starts, v_newest.ends)::text, true);
    EXECUTE format('DROP TABLE inventory.%I', v_newest.name);
END
$$;
DO $$ BEGIN PERFORM set_config('TimeZone', current_setting('test.session_zone'), true); END $$;
SELECT lives_ok(
    $$CALL ops.run_partition_maintenance()$$,
    'partition maintenance runs in a session hours behind the ledger''s zone'
);
SELECT is(
    (SELECT r.status FROM ops.maintenance_run AS r WHERE r.job_name = 'partition-maintenance' ORDER BY r.id DESC LIMIT 1),
    'ok',
    'and records its run as ok'
);
SELECT is(
    (
        SELECT tstzrange(i.child_start_time, i.child_end_time) FROM partman.show_partition_info(
            'inventory.' || current_setting('test.newest'), NULL, 'inventory.stock_movement'
        ) AS i
    ),
    current_setting('test.newest_range')::tstzrange,
    'the month it dropped is made again, under its name and with its bounds'
);
SELECT is(current_setting('TimeZone'), current_setting('test.session_zone'), 'the session keeps its own TimeZone');

-- A row in the default partition, early on the 1st in the ledger's zone, which
-- is still the month before in the session's: it goes into the ledger's month.
DO $$
BEGIN
    PERFORM test_support.stock_world();
    INSERT INTO inventory.stock_movement (tenant_id, occurred_at, movement_type, product_id, location_id, quantity, reason)
    VALUES (test_support.default_tenant(), '2041-01-01 02:00'::timestamp AT TIME ZONE inventory.ledger_time_zone(),
            'adjustment', test_support.id('k'), test_support.id('a1'), 2, 'late');
END
$$;
SELECT lives_ok($$CALL ops.run_partition_maintenance()$$, 'the next run adopts it');
SELECT is(
    (
        SELECT m.tableoid::regclass::text FROM inventory.stock_movement AS m
        WHERE m.occurred_at = '2041-01-01 02:00'::timestamp AT TIME ZONE inventory.ledger_time_zone()
    ),
    'inventory.stock_movement_p2041_01',
    'into the month named for it in the ledger''s zone'
);
SELECT is(
    (
        SELECT i.child_start_time FROM partman.show_partition_info(
            'inventory.stock_movement_p2041_01', NULL, 'inventory.stock_movement'
        ) AS i
    ),
    '2041-01-01 00:00'::timestamp AT TIME ZONE inventory.ledger_time_zone(),
    'which begins at midnight in that zone'
);
SELECT * FROM finish();
ROLLBACK;
