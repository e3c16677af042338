SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- Back to 0013's key, without the cascade, in one transaction.
-- squawk-ignore ban-drop-constraint
ALTER TABLE ops.integrity_check_result DROP CONSTRAINT integrity_check_result_run_fkey;
-- squawk-ignore adding-foreign-key-constraint, constraint-missing-not-valid
ALTER TABLE ops.integrity_check_result ADD CONSTRAINT integrity_check_result_run_fkey
FOREIGN KEY (run_id) REFERENCES ops.maintenance_run (id);
