-- The maintenance jobs and their default schedules. A schedule changed in
-- ops.cron_job is kept (only the command and description follow this file);
-- after changing one, SELECT ops.schedule_jobs() registers it.
INSERT INTO ops.cron_job AS j (job_name, schedule, command, description) VALUES
(
    'expire-reservations', '* * * * *', 'CALL ops.expire_reservations()',
    'Releases reservations past their expires_at.'
),
(
    'refresh-reports', '*/15 * * * *', 'CALL ops.refresh_reports()',
    'Refreshes the summarised reports that changed.'
),
(
    'detect-delayed-shipments', '*/10 * * * *', 'CALL ops.detect_delayed_shipments()',
    'Raises and clears shipment_delayed alerts.'
),
(
    'partition-maintenance', '17 * * * *', 'CALL ops.run_partition_maintenance()',
    'Creates the ledger''s months ahead (pg_partman) and detaches those older than ops.ledger_retention keeps.'
),
(
    'detect-expiring-batches', '5 * * * *', 'CALL ops.detect_expiring_batches(every_warehouse => false)',
    'Raises batch_expiring alerts for stock entering its expiry horizon, and judges the stock alerts again for '
    'what expired, in each warehouse whose date has turned since its last complete run.'
),
(
    'check-integrity', '45 2 * * *', 'CALL ops.check_integrity()',
    'Checks balances, reservations and totals; alerts on any finding.'
),
(
    'purge-idempotency-keys', '30 3 * * *', 'CALL ops.purge_idempotency_keys()',
    'Forgets idempotency keys older than 30 days.'
),
(
    'purge-import-rows', '40 3 * * *', 'CALL ops.purge_import_rows()',
    'Deletes staged import rows 30 days after their batch finished (batches and errors stay).'
),
(
    'purge-outbox', '50 3 * * *', 'CALL ops.purge_outbox()',
    'Deletes outbox rows MongoDB acknowledged more than 7 days ago (undelivered rows stay).'
),
(
    'purge-refresh-tokens', '55 3 * * *', 'CALL ops.purge_refresh_tokens()',
    'Deletes refresh-token families expired for more than 7 days.'
),
(
    'purge-cron-runs', '58 3 * * *', 'CALL ops.purge_cron_runs()',
    'Deletes pg_cron''s records of the stockdb jobs'' runs older than 90 days.'
)
ON CONFLICT (job_name) DO UPDATE SET command = excluded.command, description = excluded.description;

SELECT ops.schedule_jobs();
