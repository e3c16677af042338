-- ops.check_health: each check's verdict on a fresh install, then each one
-- broken on purpose (as the superuser, rolled back with the file).
BEGIN;
SELECT plan(31);

CREATE TEMPORARY VIEW health AS SELECT * FROM ops.check_health();

SELECT results_eq(
    'SELECT check_name, status FROM health',
    $$VALUES ('extensions', 'ok'), ('scheduler', 'warning'), ('job_timeouts', 'ok'), ('maintenance', 'ok'),
             ('integrity', 'warning'), ('ledger_partitions', 'ok'), ('indexes', 'ok'), ('wal_archive', 'ok'),
             ('backup', 'warning'), ('leftover_databases', 'ok'), ('outbox', 'ok'), ('text_locale', 'ok')$$,
    'a fresh install: every check in order; pg_cron runs elsewhere, integrity never ran, no backup yet'
);
SELECT is(
    (SELECT detail FROM health WHERE check_name = 'leftover_databases'),
    'no copy of this database left by a restore',
    'no restore left a copy of this database (tests/python/test_backup.py judges one that did)'
);
SELECT is(
    (SELECT detail FROM health WHERE check_name = 'wal_archive'),
    'archiving is off: a restore goes back to the last dump',
    'the test cluster archives no WAL, and the check says what that means (tests/python/test_pitr.py '
    'judges an archiving cluster)'
);
SELECT is(
    (SELECT detail FROM health WHERE check_name = 'scheduler'),
    format(
        'pg_cron does not run jobs in database %s (cron.database_name is %s)', current_database(),
        coalesce(current_setting('cron.database_name', TRUE), 'unset')
    ),
    'outside the cron database the scheduler check says where pg_cron runs'
);
SELECT is(ops.pg_cron_runs_here(), FALSE, 'ops.pg_cron_runs_here: no, outside the cron database');
SELECT is(
    (SELECT detail FROM health WHERE check_name = 'job_timeouts'),
    'pg_cron runs no job here; stockdb maintenance run starts without a statement_timeout',
    'outside the cron database no job inherits a statement_timeout (test_check.py judges the cron database)'
);
SELECT is(
    ops.pg_cron_scheduler_running(), FALSE,
    'ops.pg_cron_scheduler_running: no, outside the cron database (tests/python/test_cluster.py judges one)'
);
SET LOCAL ROLE stockdb_maintenance;
SELECT is(ops.pg_cron_runs_here(), NULL, 'ops.pg_cron_runs_here: unknown to a role that may not read the setting');
SELECT is(
    ops.pg_cron_scheduler_running(), NULL,
    'ops.pg_cron_scheduler_running: unknown to a role that may not see other sessions'
);
SELECT results_eq(
    $$SELECT status, detail FROM ops.check_health() WHERE check_name = 'scheduler'$$,
    $$VALUES ('warning', 'role stockdb_maintenance may not read cron.database_name')$$,
    'a role that may not read where pg_cron runs gets a warning, not an error'
);
RESET ROLE;
SELECT ok(
    (SELECT bool_and((status = 'ok') = (hint IS NULL)) FROM health),
    'every check that is not ok says what to do, and an ok one says nothing'
);

-- Integrity: judged from the last ops.check_integrity() run.
DO $$
BEGIN
    PERFORM test_support.stock_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 10, 'B1');
END
$$;
CALL ops.check_integrity();
SELECT results_eq(
    $$SELECT status, detail LIKE 'no findings at %' FROM health WHERE check_name = 'integrity'$$,
    $$VALUES ('ok', TRUE)$$,
    'a check without findings is ok'
);
SET LOCAL session_replication_role = replica;
UPDATE inventory.inventory SET on_hand = on_hand + 1;
RESET session_replication_role;
CALL ops.check_integrity();
SELECT results_eq(
    $$SELECT status, detail LIKE '1 finding(s) at % balance_equals_ledger 1' FROM health WHERE check_name = 'integrity'$$,
    $$VALUES ('failed', TRUE)$$,
    'a balance that differs from its ledger fails the integrity check, named by its check'
);
SELECT is(
    (SELECT hint FROM health WHERE check_name = 'integrity'),
    format(
        'SELECT * FROM ops.integrity_check_result WHERE run_id = %s',
        (SELECT max(id) FROM ops.maintenance_run WHERE job_name = 'check-integrity')
    ),
    'its hint is the query that lists the findings'
);
UPDATE ops.maintenance_run SET detail = '{"error": "boom"}', status = 'failed'
WHERE id = (SELECT max(id) FROM ops.maintenance_run WHERE job_name = 'check-integrity');
SELECT results_eq(
    $$SELECT status, detail LIKE 'the check of % failed: boom' FROM health WHERE check_name = 'integrity'$$,
    $$VALUES ('failed', TRUE)$$,
    'a check that failed to run fails'
);
UPDATE ops.maintenance_run SET status = 'ok', detail = '{}', started_at = now() - interval '3 days'
WHERE job_name = 'check-integrity';
DELETE FROM ops.integrity_check_result;
SELECT results_eq(
    $$SELECT status, detail LIKE 'no findings, but the last check ran at %' FROM health WHERE check_name = 'integrity'$$,
    $$VALUES ('warning', TRUE)$$,
    'a clean check older than two days is a warning'
);

-- Maintenance: each enabled job's last run.
INSERT INTO ops.maintenance_run (job_name, started_at, status) VALUES
('refresh-reports', now() - interval '2 hours', 'running');
SELECT results_eq(
    $$SELECT status, detail LIKE 'refresh-reports running since %' FROM health WHERE check_name = 'maintenance'$$,
    $$VALUES ('warning', TRUE)$$,
    'a run still going after an hour is a warning'
);
INSERT INTO ops.maintenance_run (job_name, started_at, finished_at, status, detail) VALUES
('purge-outbox', now(), now(), 'failed', '{"error": "disk full"}');
SELECT results_eq(
    $$SELECT status, detail LIKE 'purge-outbox failed at %: disk full; refresh-reports running since %'
      FROM health WHERE check_name = 'maintenance'$$,
    $$VALUES ('failed', TRUE)$$,
    'a job whose last run failed fails the check, with its error'
);
INSERT INTO ops.maintenance_run (job_name, started_at, finished_at, status) VALUES
('purge-outbox', now() + interval '1 second', now() + interval '1 second', 'ok');
UPDATE ops.cron_job SET enabled = FALSE WHERE job_name = 'refresh-reports';
SELECT results_eq(
    $$SELECT status, detail FROM health WHERE check_name = 'maintenance'$$,
    $$VALUES ('ok', format('every job''s last run ended well; %s never ran yet',
                          (SELECT count(*) FROM ops.cron_job WHERE enabled) - 2))$$,
    'a later good run clears a failure, and disabled jobs are not judged'
);

-- Ledger partitions.
SET LOCAL session_replication_role = replica;
INSERT INTO inventory.stock_movement (tenant_id, occurred_at, movement_type, product_id, location_id, quantity)
VALUES (test_support.default_tenant(), '2200-01-01', 'adjustment', test_support.id('p'), test_support.id('a1'), 1);
RESET session_replication_role;
SELECT results_eq(
    $$SELECT status, detail FROM health WHERE check_name = 'ledger_partitions'$$,
    $$VALUES ('failed', '1 ledger row(s) in the default partition')$$,
    'a ledger row outside every month fails the check'
);
SET LOCAL session_replication_role = replica;
DELETE FROM inventory.stock_movement_default;
RESET session_replication_role;
DO $$
DECLARE
    v_month date;
BEGIN
    -- The months after the next are taken away, as if partition maintenance had stopped.
    FOR v_month IN
        SELECT i.child_start_time::date
        FROM partman.show_partitions('inventory.stock_movement') AS p
        CROSS JOIN LATERAL partman.show_partition_info(
            p.partition_schemaname || '.' || p.partition_tablename, NULL, 'inventory.stock_movement'
        ) AS i
        WHERE i.child_start_time >= date_trunc('month', now() + interval '2 months')
    LOOP
        EXECUTE format('ALTER TABLE inventory.stock_movement DETACH PARTITION inventory.%I',
                       'stock_movement_p' || to_char(v_month, 'YYYY_MM'));
    END LOOP;
END
$$;
SELECT results_eq(
    $$SELECT status, detail FROM health WHERE check_name = 'ledger_partitions'$$,
    format($$VALUES ('warning', 'months made only up to %s')$$, to_char(now() + interval '1 month', 'YYYY-MM')),
    'less than two months ahead is a warning'
);
DO $$
BEGIN
    EXECUTE format('ALTER TABLE inventory.stock_movement DETACH PARTITION inventory.%I',
                   'stock_movement_p' || to_char(now() + interval '1 month', 'YYYY_MM'));
END
$$;
SELECT results_eq(
    $$SELECT status, detail LIKE '% this month or the next has none' FROM health WHERE check_name = 'ledger_partitions'$$,
    $$VALUES ('failed', TRUE)$$,
    'a missing next month fails the check'
);

-- Indexes.
UPDATE pg_catalog.pg_index SET indisvalid = FALSE WHERE indexrelid = 'ops.maintenance_run_job_idx'::regclass;
SELECT results_eq(
    $$SELECT status, detail, hint FROM health WHERE check_name = 'indexes'$$,
    $$VALUES ('failed', 'invalid: ops.maintenance_run_job_idx', 'REINDEX INDEX CONCURRENTLY each of them.')$$,
    'an invalid index fails the check, by name'
);

-- Backups: ops.backup_verdict, from ops.backup_health.
INSERT INTO ops.backup (id, directory, status, started_at, finished_at, verify_status, verified_at)
VALUES ('20261201T000000Z', '/backups/1', 'ok', now() - interval '1 hour', now() - interval '1 hour', 'ok', now());
SELECT results_eq(
    $$SELECT status, detail LIKE 'last good backup 20261201T000000Z at % (1.0 h ago), verified' FROM health WHERE check_name = 'backup'$$,
    $$VALUES ('ok', TRUE)$$,
    'a recent verified backup is ok'
);
UPDATE ops.backup SET verify_status = NULL, verified_at = NULL;
SELECT results_eq(
    $$SELECT status, hint FROM health WHERE check_name = 'backup'$$,
    $$VALUES ('warning', 'stockdb backup verify 20261201T000000Z')$$,
    'a backup no restore verified is a warning'
);
UPDATE ops.backup
SET
    verify_status = 'ok',
    verified_at = now(),
    started_at = now() - interval '30 hours',
    finished_at = now() - interval '30 hours';
SELECT results_eq(
    $$SELECT status, detail LIKE '% (30.0 h ago), older than 26 hours, verified' FROM health WHERE check_name = 'backup'$$,
    $$VALUES ('warning', TRUE)$$,
    'a backup older than 26 hours is a warning'
);
INSERT INTO ops.backup (id, directory, status, started_at, finished_at, error)
VALUES ('20261202T000000Z', '/backups/2', 'failed', now(), now(), 'no space');
SELECT results_eq(
    $$SELECT status, detail LIKE '%, 1 failed since' FROM health WHERE check_name = 'backup'$$,
    $$VALUES ('warning', TRUE)$$,
    'failed backups since the last good one are counted'
);

-- The outbox.
UPDATE audit.outbox SET delivered_at = now();
INSERT INTO audit.outbox (tenant_id, kind, collection, document, created_at)
VALUES (test_support.default_tenant(), 'audit', 'audit_logs', '{}', now() - interval '10 minutes');
SELECT results_eq(
    $$SELECT status, detail FROM health WHERE check_name = 'outbox'$$,
    $$VALUES ('ok', '1 row(s) waiting, none for an hour')$$,
    'a short backlog is ok'
);
UPDATE audit.outbox SET created_at = now() - interval '2 hours', attempts = 3, last_error = 'connection refused'
WHERE delivered_at IS NULL;
SELECT results_eq(
    $$SELECT status, detail LIKE '1 row(s) wait for MongoDB, the oldest since %; 1 failed to deliver, last: connection refused'
      FROM health WHERE check_name = 'outbox'$$,
    $$VALUES ('warning', TRUE)$$,
    'rows waiting for over an hour are a warning, with the last delivery error'
);
UPDATE audit.outbox SET parked_at = now(), last_error = 'BulkWriteError: Document failed validation'
WHERE delivered_at IS NULL;
SELECT results_eq(
    $$SELECT status, detail,
             hint LIKE '%stockdb relay retry-parked;%stockdb relay discard-parked --id ID --output FILE.'
      FROM health WHERE check_name = 'outbox'$$,
    $$VALUES ('warning', '1 row(s) parked: MongoDB refused their documents, last: BulkWriteError: Document failed validation', TRUE)$$,
    'a parked row, which nothing sends until someone acts, is a warning too'
);

SELECT is(
    (SELECT count(*) FROM health), 12::bigint,
    'one row per check, whatever they found'
);

SELECT * FROM finish();
ROLLBACK;
