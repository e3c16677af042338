-- The next migrate makes api.update_user again from the file then in
-- functions/api.

-- squawk-ignore-file ban-drop-function
-- Waived: undoing 0046 is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP FUNCTION IF EXISTS api.update_user(uuid, integer, text, text, boolean, uuid, text[], text);
