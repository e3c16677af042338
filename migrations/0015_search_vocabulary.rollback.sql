-- squawk-ignore-file ban-drop-table, require-concurrent-index-deletion
-- Dropping what 0015 added is the purpose of this file; it runs inside the migration transaction.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP INDEX catalog.product_sku_prefix_idx;
DROP TABLE catalog.search_word CASCADE;
