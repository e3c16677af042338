-- squawk-ignore-file ban-drop-constraint
-- Dropping what 0031 added is the purpose of this file (the infinite dates it replaced are not put back).
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE procurement.purchase_order DROP CONSTRAINT purchase_order_expected_at_finite_check;
ALTER TABLE catalog.product_batch DROP CONSTRAINT product_batch_dates_finite_check;
