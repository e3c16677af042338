-- depends: 0049_batch_hold
-- A sales order can be split (api.split_sales_order): lines, or parts of
-- them, move to a new order, a backorder, which names the order it came
-- from. Before, shipping what was in stock and the rest later meant
-- cancelling the order, or editing it and taking a second one by hand.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE sales.sales_order ADD COLUMN split_from_id uuid;
-- The column is new and NULL everywhere, so validating the key reads nothing.
-- squawk-ignore adding-foreign-key-constraint, constraint-missing-not-valid
ALTER TABLE sales.sales_order ADD CONSTRAINT sales_order_split_from_fkey
FOREIGN KEY (tenant_id, split_from_id) REFERENCES sales.sales_order (tenant_id, id);
-- Created with the column, in the migration's transaction; CONCURRENTLY cannot run in one.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX sales_order_split_from_idx ON sales.sales_order (tenant_id, split_from_id)
WHERE split_from_id IS NOT NULL;
COMMENT ON COLUMN sales.sales_order.split_from_id IS
'The order this one was split from (api.split_sales_order): a backorder names its original.';
