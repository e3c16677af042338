-- squawk-ignore-file require-concurrent-index-deletion
-- Dropping what 0029 added is the purpose of this file; it runs inside the migration transaction.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP INDEX audit.alert_state_open_idx;
