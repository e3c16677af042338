-- Undoes 0074: the waiting rows' index holds the parked ones again, and
-- they have none of their own.
-- squawk-ignore-file require-concurrent-index-creation, require-concurrent-index-deletion, renaming-object
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '15min';

DROP INDEX audit.outbox_parked_idx;
CREATE INDEX outbox_pending_idx_0074 ON audit.outbox (position) WHERE delivered_at IS NULL;
DROP INDEX audit.outbox_pending_idx;
ALTER INDEX audit.outbox_pending_idx_0074 RENAME TO outbox_pending_idx;
