-- depends: 0073_outbox_delivered_collection
-- Parked rows (MongoDB refused their documents) wait in the outbox until
-- stockdb relay retry-parked or discard-parked, and they were in the index
-- the relay's claim reads: each claim went through every parked row before
-- the first it could send, since parked rows are the oldest. With 200,000
-- parked (a validator refusing every document until someone mends it) a
-- 500-row claim and its mark took 55 ms, and 7 ms once they are out of that
-- index. The waiting rows' index now holds only those a relay may send, and
-- the parked ones have their own, with their collection, which the relay's
-- status counts them from and the parked list reads.
-- Built in the migration's transaction, under a lock that holds off new
-- outbox rows, and so every audited change, while each reads the table once.
-- squawk-ignore-file require-concurrent-index-creation, require-concurrent-index-deletion, renaming-object
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '15min';

CREATE INDEX outbox_pending_idx_0074 ON audit.outbox (position)
WHERE delivered_at IS NULL AND parked_at IS NULL;
DROP INDEX audit.outbox_pending_idx;
ALTER INDEX audit.outbox_pending_idx_0074 RENAME TO outbox_pending_idx;
CREATE INDEX outbox_parked_idx ON audit.outbox (parked_at) INCLUDE (collection)
WHERE delivered_at IS NULL AND parked_at IS NOT NULL;
