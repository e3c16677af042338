-- depends: 0041_update_product_preferred_supplier
-- A batch's dates could not be corrected: the first receipt fixed them, and a
-- later receipt with the label's true dates was refused ("batch … has other
-- dates"). api.update_batch corrects them at the version the caller read, as
-- every other master-data update does; batches had no version.

-- squawk-ignore-file prefer-bigint-over-int
-- Waived: integer as every other version column (ops.check_version takes one).

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- Constant default: no table rewrite.
ALTER TABLE catalog.product_batch ADD COLUMN version integer NOT NULL DEFAULT 1;
-- A scan of the batches under the lock 0042 holds anyway (one row per lot).
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product_batch ADD CONSTRAINT product_batch_version_check CHECK (version > 0);
COMMENT ON COLUMN catalog.product_batch.version IS 'Optimistic lock: api.update_batch takes the version read.';
