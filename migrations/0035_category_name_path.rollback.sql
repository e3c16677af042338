-- squawk-ignore-file ban-drop-constraint
-- Dropping what 0035 added is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE catalog.product_category DROP CONSTRAINT product_category_name_path_check;
