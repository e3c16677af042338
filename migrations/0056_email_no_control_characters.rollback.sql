-- squawk-ignore-file ban-drop-constraint
-- Dropping what 0056 added is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE auth.app_user DROP CONSTRAINT app_user_email_printable_check;
ALTER TABLE procurement.supplier DROP CONSTRAINT supplier_email_printable_check;
ALTER TABLE sales.customer DROP CONSTRAINT customer_email_printable_check;
