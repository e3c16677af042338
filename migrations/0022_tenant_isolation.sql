-- depends: 0021_api_permission
-- squawk-ignore-file ban-set-schema
-- Readers keep their names: the report views of the same names are made in
-- the same transaction (the repeatable files that follow the migrations).
-- Row security isolates tenants (sql/policies), and a materialised view
-- cannot carry it: the two summaries move out of the report schema, which
-- applications and analysts read, into ops. The report views of the same
-- names (sql/views/report) show the calling tenant's rows of them.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER MATERIALIZED VIEW report.slow_movers SET SCHEMA ops;
ALTER MATERIALIZED VIEW report.inventory_turnover SET SCHEMA ops;

UPDATE ops.report_refresh AS r
SET report_name = 'ops.' || split_part(r.report_name, '.', 2)
WHERE r.report_name IN ('report.slow_movers', 'report.inventory_turnover');

-- A partner is a supplier's person: it sees that supplier's purchase orders
-- only (sql/policies/partner_orders.sql). A new column, NULL everywhere: the
-- checks below hold without reading a row.
ALTER TABLE auth.app_user ADD COLUMN supplier_id uuid;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE auth.app_user ADD CONSTRAINT app_user_supplier_partner_check
CHECK (supplier_id IS NULL OR role = 'partner');
-- The new column is NULL in every row, and auth.app_user is small: the scan
-- finds nothing to check and the lock on supplier is brief.
-- squawk-ignore constraint-missing-not-valid, adding-foreign-key-constraint
ALTER TABLE auth.app_user ADD CONSTRAINT app_user_supplier_fkey
FOREIGN KEY (tenant_id, supplier_id) REFERENCES procurement.supplier (tenant_id, id);
COMMENT ON COLUMN auth.app_user.supplier_id IS
'For a partner: the supplier whose purchase orders it sees (and no others). NULL for every other role.';
-- A tenant's users are few.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX app_user_supplier_idx ON auth.app_user (tenant_id, supplier_id);

-- api.create_user gains supplier_id (functions/api/create_user.sql, made
-- again in this same transaction); calls without it keep working, through
-- the default.
-- squawk-ignore ban-drop-function
DROP FUNCTION IF EXISTS api.create_user(text, text, text, text);
