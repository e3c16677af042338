-- Undoes 0049: batches can no longer be held. The next migrate makes the
-- functions that read the hold again from the files then in functions/.

-- squawk-ignore-file ban-drop-column, ban-drop-function, ban-drop-constraint
-- Waived: undoing 0049 is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP FUNCTION IF EXISTS api.hold_batch(uuid, integer, text);
DROP FUNCTION IF EXISTS api.lift_batch_hold(uuid, integer);
ALTER TABLE catalog.product_batch DROP CONSTRAINT product_batch_hold_check;
ALTER TABLE catalog.product_batch DROP COLUMN hold_reason;
ALTER TABLE catalog.product_batch DROP COLUMN held_at;
