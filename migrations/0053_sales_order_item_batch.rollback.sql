-- Undoes 0053: returns are counted from the ledger again. The triggers
-- that keep the table go first, or every shipment and every return would
-- fail on a table that is gone; the next migrate makes
-- api.return_sales_order_item and report.shipment_lines again from the
-- files then in functions/ and sql/.

-- squawk-ignore-file ban-drop-table, ban-drop-function
-- Waived: undoing 0053 is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TRIGGER IF EXISTS _110_sales_return ON inventory.stock_movement;
DROP FUNCTION IF EXISTS inventory.tg_stock_movement__sales_return();
DROP TRIGGER IF EXISTS _100_line_batch ON logistics.shipment_item;
DROP FUNCTION IF EXISTS logistics.tg_shipment_item__line_batch();
DROP TABLE sales.sales_order_item_batch;
