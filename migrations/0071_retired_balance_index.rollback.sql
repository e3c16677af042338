-- Undoes 0071: catalog.stock_has_moved reads the table for retired balances again.
-- squawk-ignore-file require-concurrent-index-deletion
-- Dropping what 0071 added is the purpose of this file; it runs inside the migration transaction.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP INDEX inventory.inventory_retired_idx;
