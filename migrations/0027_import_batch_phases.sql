-- depends: 0026_drop_product_trigram_indexes
-- When each phase of an import batch ended, so `stockdb import show` can say
-- where a slow import spent its time (on 100,000 products: staging under a
-- second, each check under a second, the apply five). Nullable: a batch
-- from before this migration, or one that never reached a phase, has none.
-- Adding nullable columns without a default rewrites nothing.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE staging.import_batch
ADD COLUMN staged_at timestamptz,
ADD COLUMN validated_at timestamptz,
ADD COLUMN checked_at timestamptz;

COMMENT ON COLUMN staging.import_batch.staged_at IS
'When the sheet''s rows were all staged and validation began (started_at to this is reading and COPY).';
COMMENT ON COLUMN staging.import_batch.validated_at IS
'When every cell had been validated; NULL when the batch had no rows.';
COMMENT ON COLUMN staging.import_batch.checked_at IS
'When the kind''s row rules had been checked; from this to finished_at is the apply (or, when '
'rejected, only the bookkeeping). NULL when the batch had no rows.';
