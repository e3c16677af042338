-- Undoes 0052: purchase orders name no warehouse again. The next migrate
-- makes api.create_purchase_order, api.update_purchase_order and
-- staging.purchase_order_source again from the files then in functions/.

-- squawk-ignore-file ban-drop-column, ban-drop-function
-- Waived: undoing 0052 is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP FUNCTION IF EXISTS api.create_purchase_order(uuid, char, timestamptz, text, text, uuid);
DROP FUNCTION IF EXISTS api.update_purchase_order(uuid, integer, timestamptz, text, text[], uuid);
DROP FUNCTION IF EXISTS staging.purchase_order_source(uuid, uuid);
ALTER TABLE staging.purchase_order_row DROP COLUMN warehouse;
-- Dropping the column drops its key and index with it.
ALTER TABLE procurement.purchase_order DROP COLUMN warehouse_id;
