-- ops.start_run / ops.finish_run: runs are recorded, and forgotten after 90 days.
BEGIN;
SELECT plan(12);

INSERT INTO ops.maintenance_run (job_name, started_at, finished_at, status) VALUES
('check-integrity', now() - interval '100 days', now() - interval '100 days', 'ok'),
('check-integrity', now() - interval '10 days', now() - interval '10 days', 'ok'),
('refresh-reports', now() - interval '100 days', now() - interval '100 days', 'ok');
INSERT INTO ops.integrity_check_result (run_id, check_name, finding)
SELECT
    id AS run_id,
    'balance_equals_ledger' AS check_name,
    'old finding' AS finding
FROM ops.maintenance_run
WHERE job_name = 'check-integrity' AND started_at < now() - interval '90 days';

DO $$
BEGIN
    PERFORM ops.finish_run(ops.start_run('check-integrity'), 'ok', '{"findings": 0}');
END
$$;

SELECT results_eq(
    $$SELECT job_name, status, (now() - started_at) > interval '90 days' FROM ops.maintenance_run ORDER BY job_name, started_at$$,
    $$VALUES ('check-integrity', 'ok', FALSE), ('check-integrity', 'ok', FALSE), ('refresh-reports', 'ok', TRUE)$$,
    'starting a run forgets runs of the same job older than 90 days, and only those'
);
SELECT is_empty(
    'SELECT * FROM ops.integrity_check_result',
    'a forgotten run takes its findings with it'
);
SELECT is(
    (SELECT detail FROM ops.maintenance_run WHERE finished_at > now() - interval '1 minute'),
    '{"findings": 0}'::jsonb,
    'finish_run records the detail'
);
SELECT throws_ok(
    $$INSERT INTO ops.maintenance_run (job_name, status) VALUES ('x', 'ok')$$,
    '23514',
    NULL,
    'a finished run needs its finish time'
);
SELECT throws_ok(
    $$CALL ops.purge_idempotency_keys(older_than => interval '5 minutes')$$,
    '22023',
    'older_than must be at least 1 hour',
    'idempotency keys are kept at least an hour'
);
SELECT throws_ok(
    format('CALL ops.expire_reservations(batch_size => %s)', coalesce(b::text, 'NULL')),
    '22023', 'batch_size must be positive',
    format('expire_reservations refuses a batch_size of %s', coalesce(b::text, 'NULL'))
) FROM (VALUES (-1), (0), (NULL::integer)) AS v (b);
SELECT is_empty(
    $$SELECT * FROM ops.maintenance_run WHERE job_name = 'expire-reservations'$$,
    'and records no run it never started'
);
SELECT throws_ok(
    format('CALL ops.refresh_reports(wait_seconds => %s)', coalesce(w::text, 'NULL')),
    '22023', 'wait_seconds must be zero or more',
    format('refresh_reports refuses a wait_seconds of %s', coalesce(w::text, 'NULL'))
) FROM (VALUES (-1), (NULL::integer)) AS v (w);
SELECT throws_ok(
    'CALL ops.refresh_reports(force => NULL)', '22023', 'force must be true or false',
    'refresh_reports refuses a force of NULL, which refreshed only what was due'
);

SELECT * FROM finish();
ROLLBACK;
