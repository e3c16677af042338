-- squawk-ignore-file ban-drop-constraint
-- Dropping what 0033 added is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE auth.app_user DROP CONSTRAINT app_user_email_length_check;
ALTER TABLE procurement.supplier DROP CONSTRAINT supplier_email_length_check;
ALTER TABLE sales.customer DROP CONSTRAINT customer_email_length_check;
ALTER TABLE catalog.product_batch DROP CONSTRAINT product_batch_number_length_check;
ALTER TABLE catalog.product DROP CONSTRAINT product_barcode_length_check;
