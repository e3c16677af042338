-- depends: 0025_ledger_checks
-- The trigram indexes on product names and SKUs served api.search_products
-- before 0015 (`sku ILIKE prefix`, `query <% name`). Since 0015 a typo is
-- corrected against catalog.search_word (its own trigram index) and a SKU
-- prefix is a range of product_sku_prefix_idx, so no query of stockdb uses
-- them: on a million-product database the name index had 0 scans, and the
-- SKU index was used only by an equality lookup in stockdb bench reports
-- that left out `deleted_at IS NULL` and so missed product_sku_live_key.
-- Every product written still paid for both: 1.35-1.6 s of GIN inserts per
-- 100,000 products in an unlogged copy of the two columns, against 0.15-0.17 s
-- without them.
-- Dropped inside the migration's transaction (CONCURRENTLY cannot run there);
-- a DROP INDEX reads nothing, so the table's lock is held only for the
-- catalogue change.
-- squawk-ignore-file require-concurrent-index-deletion

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP INDEX catalog.product_name_trgm_idx;
DROP INDEX catalog.product_sku_trgm_idx;
