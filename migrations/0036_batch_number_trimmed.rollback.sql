-- squawk-ignore-file ban-drop-constraint
-- Dropping what 0036 added is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE catalog.product_batch DROP CONSTRAINT product_batch_number_trimmed_check;
