-- depends: 0010_status_transition
-- Each sales order line remembers the reservation that holds its stock, so
-- shipping issues exactly that stock and cancelling releases it.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE sales.sales_order_item ADD COLUMN reservation_id uuid;
-- The column is new and NULL everywhere, so validating the key reads nothing.
-- squawk-ignore adding-foreign-key-constraint, constraint-missing-not-valid
ALTER TABLE sales.sales_order_item ADD CONSTRAINT sales_order_item_reservation_fkey
FOREIGN KEY (tenant_id, reservation_id) REFERENCES inventory.reservation (tenant_id, id);
-- Created with the column, in the migration's transaction; CONCURRENTLY cannot run in one.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX sales_order_item_reservation_idx ON sales.sales_order_item (tenant_id, reservation_id)
WHERE reservation_id IS NOT NULL;
COMMENT ON COLUMN sales.sales_order_item.reservation_id IS
'The reservation holding this line''s stock, set by api.reserve_sales_order.';
