-- squawk-ignore-file ban-drop-column, ban-drop-table, ban-drop-view, require-concurrent-index-deletion
-- Dropping what 0013 added is the purpose of this file; it runs inside the migration transaction.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TABLE audit.alert_state CASCADE;
DROP TABLE audit.outbox CASCADE;
DROP TABLE ops.integrity_check_result CASCADE;
DROP TABLE ops.cron_job CASCADE;
DROP TABLE ops.maintenance_run CASCADE;
DROP TABLE ops.report_refresh CASCADE;
DROP MATERIALIZED VIEW report.inventory_turnover CASCADE;
DROP MATERIALIZED VIEW report.slow_movers CASCADE;
DROP TABLE report.movement_daily CASCADE;
DROP INDEX catalog.product_category_name_search_idx;
ALTER TABLE catalog.product DROP COLUMN preferred_supplier_id CASCADE;
ALTER TABLE catalog.product DROP COLUMN expiry_alert_days CASCADE;
ALTER TABLE catalog.product DROP COLUMN max_stock_level CASCADE;
