-- squawk-ignore-file ban-drop-constraint
-- Dropping what 0061 added is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE catalog.product DROP CONSTRAINT product_name_trimmed_check;
ALTER TABLE warehouse.warehouse DROP CONSTRAINT warehouse_name_trimmed_check;
ALTER TABLE procurement.supplier DROP CONSTRAINT supplier_name_trimmed_check;
ALTER TABLE sales.customer DROP CONSTRAINT customer_name_trimmed_check;
ALTER TABLE logistics.carrier DROP CONSTRAINT carrier_name_trimmed_check;
ALTER TABLE auth.tenant DROP CONSTRAINT tenant_name_trimmed_check;
ALTER TABLE auth.app_user DROP CONSTRAINT app_user_display_name_trimmed_check;
