-- The next migrate makes api.ship_sales_order again from the file then in
-- functions/api.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- squawk-ignore ban-drop-function
DROP FUNCTION IF EXISTS api.ship_sales_order(text, uuid, text, text, timestamptz);
