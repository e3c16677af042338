-- squawk-ignore-file ban-drop-table
-- Undoing 0021 is the purpose of this file; it runs inside the migration transaction.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TABLE auth.api_permission;
