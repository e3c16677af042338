-- Undoes 0050: orders can no longer be split, and backorders forget where
-- they came from (they stay orders of their own).

-- squawk-ignore-file ban-drop-column, ban-drop-function
-- Waived: undoing 0050 is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP FUNCTION IF EXISTS api.split_sales_order(text, uuid, integer, jsonb, text);
-- Dropping the column drops its key and index with it.
ALTER TABLE sales.sales_order DROP COLUMN split_from_id;
