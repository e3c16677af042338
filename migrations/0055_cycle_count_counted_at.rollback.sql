-- Undoes 0055: cycle counts say no time again. The next migrate makes
-- staging.cycle_count_source again from the file then in functions/.

-- squawk-ignore-file ban-drop-column, ban-drop-function
-- Waived: undoing 0055 is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP FUNCTION IF EXISTS staging.cycle_count_source(uuid, uuid);
ALTER TABLE staging.cycle_count_row DROP COLUMN counted_at;
