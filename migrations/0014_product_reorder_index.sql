-- depends: 0013_reports_alerts_maintenance
-- report.reorder_suggestions starts from the products that have a reorder
-- point: a few among a million, found without reading the others.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- In the migration's transaction, CONCURRENTLY cannot run; the index is partial and small.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX product_reorder_idx ON catalog.product (tenant_id, id)
WHERE reorder_point > 0 AND deleted_at IS NULL;
