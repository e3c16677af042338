-- Undoes 0051: detect-expiring-batches runs daily again, judging every
-- warehouse. The next migrate makes ops.detect_expiring_batches again from
-- the file then in functions/ops.

-- squawk-ignore-file ban-drop-function
-- Waived: undoing 0051 is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP PROCEDURE IF EXISTS ops.detect_expiring_batches(boolean);
UPDATE ops.cron_job SET command = 'CALL ops.detect_expiring_batches()'
WHERE job_name = 'detect-expiring-batches';
UPDATE ops.cron_job SET schedule = '5 0 * * *'
WHERE job_name = 'detect-expiring-batches' AND schedule = '5 * * * *';
-- pg_cron runs the command it was given: without this it would call the
-- dropped procedure every hour.
SELECT ops.schedule_jobs();
