-- depends: 0050_sales_order_split
-- detect-expiring-batches ran once a day, at 00:05 in the server's time
-- zone, while a batch expires at midnight in its warehouse's: stock of a
-- warehouse eight hours behind kept counting as sellable for its alerts
-- for sixteen hours after it expired. The job now runs hourly and judges
-- the warehouses whose date has turned since its last complete run
-- (every_warehouse => false); called without an argument it judges every
-- warehouse, as before. ops.detect_expiring_batches gains every_warehouse
-- (functions/ops/detect_expiring_batches.sql, made again in this same
-- migrate); calls without it keep working, through its default.

-- squawk-ignore-file ban-drop-function
-- Waived: a new argument changes the procedure's signature, which CREATE OR
-- REPLACE cannot do. IF EXISTS: a fresh database runs every migration before
-- any repeatable file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP PROCEDURE IF EXISTS ops.detect_expiring_batches();
-- A schedule an operator changed is kept, as sql/cron.sql keeps it; the
-- command follows sql/cron.sql, which this same migrate applies.
UPDATE ops.cron_job SET schedule = '5 * * * *'
WHERE job_name = 'detect-expiring-batches' AND schedule = '5 0 * * *';
