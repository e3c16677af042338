-- squawk-ignore-file ban-drop-column
-- Undoing 0020 is the purpose of this file; it runs inside the migration transaction.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- squawk-ignore require-concurrent-index-deletion
DROP INDEX auth.refresh_token_expires_idx;
ALTER TABLE auth.app_user DROP COLUMN locked_until, DROP COLUMN failed_login_count;
