-- depends: 0015_search_vocabulary
-- Maintenance runs are kept for a while, not forever (expire-reservations
-- alone records one a minute); a run's integrity findings go with it.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- The key is replaced by the same key with ON DELETE CASCADE, in one transaction.
-- squawk-ignore ban-drop-constraint
ALTER TABLE ops.integrity_check_result DROP CONSTRAINT integrity_check_result_run_fkey;
-- Every finding already has its run, so validating reads a small bookkeeping table.
-- squawk-ignore adding-foreign-key-constraint, constraint-missing-not-valid
ALTER TABLE ops.integrity_check_result ADD CONSTRAINT integrity_check_result_run_fkey
FOREIGN KEY (run_id) REFERENCES ops.maintenance_run (id) ON DELETE CASCADE;
