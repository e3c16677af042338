-- depends: 0068_nfc_names
-- An import of opening stock is applied once per set of rows, not only once
-- per file. Its rows add stock: the same sheet saved again (opened in Excel
-- and closed, re-sent by mail) has other bytes, so another SHA-256, and was
-- applied a second time, doubling every quantity. staging.finish_batch, made
-- again by the same migrate, keeps a checksum of the rows of each batch of a
-- kind whose rows add (staging.import_kind.adds) and finds an applied batch
-- with the same rows; such a batch ends as duplicate, naming it, and applies
-- nothing. Batches applied before this migration have no such checksum.
-- staging.import_batch holds one row per import, and the new columns are NULL
-- in every one: the checks hold at once, the table's lock held only as long
-- as that takes.
-- squawk-ignore-file constraint-missing-not-valid
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- The new value is not used in this transaction (PostgreSQL refuses that):
-- the functions that set it run after the migrate commits.
ALTER TYPE staging.batch_status ADD VALUE IF NOT EXISTS 'duplicate' AFTER 'failed';
COMMENT ON TYPE staging.batch_status IS
'loading while rows arrive; then rejected (cell errors, nothing applied), validated (a dry run '
'without errors), applied, failed (the apply raised; nothing applied), or duplicate (its rows are those '
'of a batch of its kind applied before, whose rows add: nothing applied).';

ALTER TABLE staging.import_kind ADD COLUMN adds boolean NOT NULL DEFAULT FALSE;
COMMENT ON COLUMN staging.import_kind.adds IS
'Whether applying the same rows again adds to what they added (opening stock): a batch whose rows are '
'those of one applied before ends as duplicate instead.';

ALTER TABLE staging.import_batch
ADD COLUMN content_checksum text,
ADD COLUMN duplicate_of uuid,
ADD CONSTRAINT import_batch_content_checksum_check CHECK (content_checksum ~ '^[0-9a-f]{64}$'),
-- status::text: the new value cannot be named in this transaction.
ADD CONSTRAINT import_batch_duplicate_check CHECK ((status::text = 'duplicate') = (duplicate_of IS NOT NULL));
COMMENT ON COLUMN staging.import_batch.content_checksum IS
'SHA-256 of the batch''s rows as staged, in any row and column order, for a kind whose rows add.';
COMMENT ON COLUMN staging.import_batch.duplicate_of IS
'For a duplicate batch: the applied batch of the same kind whose rows it holds.';

-- One row per import: made inside the migration's transaction, which
-- CONCURRENTLY cannot run in.
-- squawk-ignore require-concurrent-index-creation
CREATE UNIQUE INDEX import_batch_content_key
ON staging.import_batch (tenant_id, kind, content_checksum)
WHERE status = 'applied';
