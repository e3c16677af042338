-- The next migrate makes the four functions again from the files then in
-- functions/api.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- squawk-ignore ban-drop-function
DROP FUNCTION IF EXISTS api.record_movement(text, text, uuid, uuid, numeric, uuid, text);
-- squawk-ignore ban-drop-function
DROP FUNCTION IF EXISTS api.receive_stock(text, uuid, uuid, numeric, text, date, date, bigint, text, char);
-- squawk-ignore ban-drop-function
DROP FUNCTION IF EXISTS api.create_location(uuid, text, text, numeric);
-- squawk-ignore ban-drop-function
DROP FUNCTION IF EXISTS api.update_location(uuid, integer, text, numeric, boolean, text[]);
