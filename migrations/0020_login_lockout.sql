-- depends: 0019_backup_record
-- What api.authenticate needs to lock an account after repeated failures,
-- and what the refresh-token purge reads.

-- squawk-ignore-file prefer-bigint-over-int
-- Waived: failed_login_count counts attempts since the last success or lock (at most 5).

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- Constant default, NULL: no table rewrite.
ALTER TABLE auth.app_user
ADD COLUMN failed_login_count integer NOT NULL DEFAULT 0,
ADD COLUMN locked_until timestamptz;
-- Holds for the constant default without reading a row.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE auth.app_user ADD CONSTRAINT app_user_failed_login_count_check
CHECK (failed_login_count >= 0);
COMMENT ON COLUMN auth.app_user.failed_login_count IS
'Failed api.authenticate calls since the last success or lock; at 5 the account locks.';
COMMENT ON COLUMN auth.app_user.locked_until IS
'api.authenticate refuses the account, right password or not, until then (15 minutes after the 5th failure).';

-- squawk-ignore require-concurrent-index-creation
CREATE INDEX refresh_token_expires_idx ON auth.refresh_token (expires_at);
