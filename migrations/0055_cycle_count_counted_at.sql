-- depends: 0054_import_batch_sheet_key
-- A cycle-count import may say when each place was counted (an optional
-- counted_at column). Posted against the stock as it is at the import, a
-- count taken earlier undid what moved there in between: counted 10, then 2
-- sold before the sheet came in, and the import posted +2 that were not
-- there. With counted_at the difference is taken from the stock as it stood
-- then, and what moved since stays. The staged cells go in a new column of
-- staging.cycle_count_row; staging.cycle_count_source, made again by the same
-- migrate, returns what it needs.

-- squawk-ignore-file ban-drop-function
-- Waived: the function's result gains columns, which CREATE OR REPLACE cannot
-- add. IF EXISTS: a fresh database runs every migration before any repeatable file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP FUNCTION IF EXISTS staging.cycle_count_source(uuid, uuid);

-- Raw cells, text as every staged column: a new nullable column, no rewrite.
ALTER TABLE staging.cycle_count_row ADD COLUMN counted_at text;
