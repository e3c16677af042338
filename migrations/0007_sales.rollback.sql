-- squawk-ignore-file ban-drop-table, ban-drop-type, ban-drop-function
-- Dropping what 0007_sales created is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TABLE sales.sales_order_item;
DROP TABLE sales.sales_order;
DROP TABLE sales.customer;
DROP TYPE sales.order_status;
