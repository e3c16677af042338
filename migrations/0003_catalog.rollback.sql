-- squawk-ignore-file ban-drop-table, ban-drop-type, ban-drop-function
-- Dropping what 0003_catalog created is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TABLE catalog.product_batch;
DROP TABLE catalog.product;
DROP TABLE catalog.product_category;
DROP TABLE catalog.unit;
