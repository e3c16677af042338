-- Undoes 0073: the delivered rows' index without their collection again.
-- squawk-ignore-file require-concurrent-index-creation, require-concurrent-index-deletion, renaming-object
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '15min';

CREATE INDEX outbox_delivered_idx_0073 ON audit.outbox (delivered_at) WHERE delivered_at IS NOT NULL;
DROP INDEX audit.outbox_delivered_idx;
ALTER INDEX audit.outbox_delivered_idx_0073 RENAME TO outbox_delivered_idx;
