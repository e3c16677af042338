-- squawk-ignore-file ban-drop-table, ban-drop-type
-- Dropping what 0017 added is the purpose of this file; it runs inside the migration transaction.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TABLE staging.price_row, staging.cycle_count_row, staging.purchase_order_row,
staging.opening_stock_row, staging.customer_row, staging.supplier_row, staging.product_row,
staging.category_row, staging.import_error, staging.import_batch, staging.import_column,
staging.import_kind;
DROP TYPE staging.batch_status;
