-- Undoing 0026: the two trigram indexes of 0003 again.
-- squawk-ignore-file require-concurrent-index-creation
-- In the migration's transaction, CONCURRENTLY cannot run.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '30min';

CREATE INDEX product_name_trgm_idx ON catalog.product USING gin (name public.gin_trgm_ops);
CREATE INDEX product_sku_trgm_idx ON catalog.product USING gin (sku public.gin_trgm_ops);
