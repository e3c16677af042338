-- squawk-ignore-file ban-set-schema, ban-drop-column, ban-drop-function, require-concurrent-index-deletion
-- Undoing 0022 is the purpose of this file; it runs inside the migration transaction.
-- The report views over the two summaries are repeatable and dropped before
-- any rollback runs.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- The next migrate makes api.create_user again, without supplier_id, and
-- the partner policies (sql/policies) with it: both read the column.
DROP FUNCTION IF EXISTS api.create_user(text, text, text, text, uuid);
DROP POLICY IF EXISTS partner_own_orders ON procurement.purchase_order;
DROP POLICY IF EXISTS partner_own_orders ON procurement.purchase_order_item;
DROP INDEX auth.app_user_supplier_idx;
ALTER TABLE auth.app_user DROP COLUMN supplier_id;

UPDATE ops.report_refresh AS r
SET report_name = 'report.' || split_part(r.report_name, '.', 2)
WHERE r.report_name IN ('ops.slow_movers', 'ops.inventory_turnover');

ALTER MATERIALIZED VIEW ops.inventory_turnover SET SCHEMA report;
ALTER MATERIALIZED VIEW ops.slow_movers SET SCHEMA report;
