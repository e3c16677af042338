-- depends: 0048_export_rows_warehouse
-- A batch can be put on hold: a quality check pending, a supplier's recall.
-- Allocation passes over it, and its stock is not issued or consumed until
-- the hold is lifted (api.hold_batch, api.lift_batch_hold). Before, the
-- only way to keep a recalled lot from selling was to move every unit of it
-- into a quarantine location, and a reservation made meanwhile shipped it.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE catalog.product_batch ADD COLUMN held_at timestamptz;
ALTER TABLE catalog.product_batch ADD COLUMN hold_reason text;
COMMENT ON COLUMN catalog.product_batch.held_at IS
'When the batch was put on hold (api.hold_batch); NULL when it is not. A held batch is never allocated, '
'issued or consumed.';
COMMENT ON COLUMN catalog.product_batch.hold_reason IS 'Why the batch is on hold; set exactly when held_at is.';

ALTER TABLE catalog.product_batch ADD CONSTRAINT product_batch_hold_check
CHECK ((held_at IS NULL) = (hold_reason IS NULL) AND btrim(hold_reason) <> '') NOT VALID;
-- One transaction runs the whole migrate, so the VALIDATE holds the ADD's lock.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product_batch VALIDATE CONSTRAINT product_batch_hold_check;
