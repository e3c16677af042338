-- depends: 0070_batch_cost
-- Whether a product's stock has ever moved (catalog.stock_has_moved, which
-- fixes its unit) asked for its balances, retired ones included, and every
-- index on (tenant_id, product_id) of inventory.inventory keeps live rows
-- only: each question read the whole table. At 2,000,000 balances that took
-- 100-230 ms, and an upsert of 100,000 products of which 80,000 changed
-- their unit ran for over 15 minutes before it was stopped. Live balances
-- are found by inventory_stock_lookup_idx; the retired ones (deleted_at set;
-- no call sets it today) by this index, empty until some are.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- In the migration's transaction, CONCURRENTLY cannot run; the index is partial and
-- empty, and its build reads the table once under a lock movements wait for.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX inventory_retired_idx ON inventory.inventory (tenant_id, product_id)
WHERE deleted_at IS NOT NULL;
