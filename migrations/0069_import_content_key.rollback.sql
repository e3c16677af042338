-- Undoes 0069. A batch that ended as duplicate applied nothing: it becomes
-- validated, as a dry run that applied nothing is, and the value goes from
-- staging.batch_status, which PostgreSQL can only do by making the type
-- again (with the constraints and the index that name its values).
-- staging.import_batch holds one row per import, locked only as long as
-- that takes.
-- squawk-ignore-file ban-drop-column, ban-drop-constraint, ban-drop-default, ban-drop-type
-- squawk-ignore-file changing-column-type, constraint-missing-not-valid, renaming-object
-- squawk-ignore-file require-concurrent-index-deletion
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP INDEX staging.import_batch_content_key;
ALTER TABLE staging.import_batch
DROP CONSTRAINT import_batch_duplicate_check,
DROP COLUMN duplicate_of,
DROP COLUMN content_checksum;
ALTER TABLE staging.import_kind DROP COLUMN adds;

UPDATE staging.import_batch SET status = 'validated' WHERE status = 'duplicate';

DROP INDEX staging.import_batch_applied_key;
ALTER TABLE staging.import_batch
DROP CONSTRAINT import_batch_finished_check,
DROP CONSTRAINT import_batch_failure_check,
ALTER COLUMN status DROP DEFAULT;
ALTER TYPE staging.batch_status RENAME TO batch_status_0069;
CREATE TYPE staging.batch_status AS ENUM ('loading', 'rejected', 'validated', 'applied', 'failed');
ALTER TABLE staging.import_batch
ALTER COLUMN status TYPE staging.batch_status USING status::text::staging.batch_status,
ALTER COLUMN status SET DEFAULT 'loading',
ADD CONSTRAINT import_batch_finished_check CHECK ((status = 'loading') = (finished_at IS NULL)),
ADD CONSTRAINT import_batch_failure_check CHECK ((status = 'failed') = (failure IS NOT NULL));
DROP TYPE staging.batch_status_0069;
COMMENT ON TYPE staging.batch_status IS
'loading while rows arrive; then rejected (cell errors, nothing applied), validated (a dry run '
'without errors), applied, or failed (the apply raised; nothing applied).';
-- squawk-ignore require-concurrent-index-creation
CREATE UNIQUE INDEX import_batch_applied_key
ON staging.import_batch (tenant_id, kind, file_checksum, sheet_name)
WHERE status = 'applied';
