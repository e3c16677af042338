-- squawk-ignore-file require-concurrent-index-deletion
-- Dropping what 0014 added is the purpose of this file; it runs inside the migration transaction.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP INDEX catalog.product_reorder_idx;
