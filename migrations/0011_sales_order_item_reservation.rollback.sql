-- squawk-ignore-file ban-drop-column
-- Dropping what 0011 added is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE sales.sales_order_item DROP COLUMN reservation_id;
