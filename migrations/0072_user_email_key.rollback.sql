-- Undoes 0072: users are told apart by lower(email) again, which is how the
-- functions of the release before find them.
-- squawk-ignore-file ban-drop-column, require-concurrent-index-creation
-- squawk-ignore-file require-concurrent-index-deletion, renaming-object
-- Waived: undoing 0072 is the purpose of this file; it runs inside the migration transaction.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE UNIQUE INDEX app_user_email_key_0002 ON auth.app_user (tenant_id, lower(email));
DROP INDEX auth.app_user_email_key;
ALTER INDEX auth.app_user_email_key_0002 RENAME TO app_user_email_key;
ALTER TABLE auth.app_user DROP COLUMN email_key;
