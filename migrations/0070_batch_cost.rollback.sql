-- The next migrate makes api.update_batch again from the file then in
-- functions/api.

-- squawk-ignore-file ban-drop-function
-- Waived: undoing 0070 is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP FUNCTION IF EXISTS api.update_batch(uuid, integer, date, date, text[], bigint, char);
