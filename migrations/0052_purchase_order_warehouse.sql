-- depends: 0051_expiring_batches_hourly
-- A purchase order may name the warehouse its goods are for
-- (api.create_purchase_order, api.update_purchase_order): receipts on it go
-- into that warehouse's locations, and report.reorder_suggestions counts
-- what is on order for the warehouse it is for. Before, an order named none,
-- so one order for Berlin took Hamburg off the list too. Both functions gain
-- warehouse_id (functions/api, made again in this same migrate); calls
-- without it keep working, through its default, and an order without one is
-- counted for every warehouse, as before. A purchase-orders import takes it
-- in an optional warehouse column, whose staged cells go in a new column of
-- staging.purchase_order_row; staging.purchase_order_source returns it too.

-- squawk-ignore-file ban-drop-function
-- Waived: a new argument changes a function's signature, which CREATE OR
-- REPLACE cannot do. IF EXISTS: a fresh database runs every migration before
-- any repeatable file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE procurement.purchase_order ADD COLUMN warehouse_id uuid;
-- The column is new and NULL everywhere, so validating the key reads nothing.
-- squawk-ignore adding-foreign-key-constraint, constraint-missing-not-valid
ALTER TABLE procurement.purchase_order ADD CONSTRAINT purchase_order_warehouse_fkey
FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouse.warehouse (tenant_id, id);
-- Created with the column, in the migration's transaction; CONCURRENTLY cannot run in one.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX purchase_order_warehouse_idx ON procurement.purchase_order (tenant_id, warehouse_id)
WHERE warehouse_id IS NOT NULL;
COMMENT ON COLUMN procurement.purchase_order.warehouse_id IS
'The warehouse the goods are for: receipts go into its locations only. NULL: any warehouse.';

DROP FUNCTION IF EXISTS api.create_purchase_order(uuid, char, timestamptz, text, text);
DROP FUNCTION IF EXISTS api.update_purchase_order(uuid, integer, timestamptz, text, text[]);
-- Its result gains a column, which CREATE OR REPLACE cannot add.
DROP FUNCTION IF EXISTS staging.purchase_order_source(uuid, uuid);

-- Raw cells, text as every staged column: a new nullable column, no rewrite.
ALTER TABLE staging.purchase_order_row ADD COLUMN warehouse text;
