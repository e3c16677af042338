-- Undoing 0027: the batches lose when their phases ended.
-- squawk-ignore-file ban-drop-column
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE staging.import_batch
DROP COLUMN checked_at,
DROP COLUMN validated_at,
DROP COLUMN staged_at;
