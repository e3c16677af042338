-- depends: 0053_sales_order_item_batch
-- A sheet of a file is applied at most once per kind. The key was the file
-- alone (kind and SHA-256), so of a workbook with two sheets of one kind
-- (tools and garden products, say) the second was taken for the first
-- imported again: "already imported, nothing changed", and its rows never
-- came in. staging.begin_batch, made again by the same migrate, looks for
-- the sheet too.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- One row per import: the index goes and comes inside the migration's
-- transaction, which CONCURRENTLY cannot run in, and the table's lock is
-- held only as long as that takes.
-- squawk-ignore require-concurrent-index-deletion
DROP INDEX staging.import_batch_applied_key;
-- squawk-ignore require-concurrent-index-creation
CREATE UNIQUE INDEX import_batch_applied_key
ON staging.import_batch (tenant_id, kind, file_checksum, sheet_name)
WHERE status = 'applied';
