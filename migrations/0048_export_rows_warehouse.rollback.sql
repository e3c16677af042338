-- The next migrate makes staging.export_rows again from the file then in
-- functions/staging.

-- squawk-ignore-file ban-drop-function
-- Waived: undoing 0048 is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP FUNCTION IF EXISTS staging.export_rows(text, text);
