-- squawk-ignore-file ban-drop-table, ban-drop-type, ban-drop-function
-- Dropping what 0002_auth created is the purpose of this file.
-- CASCADE: repeatable functions, triggers and views built on these go too;
-- a rollback forgets the repeatable files, so the next migrate makes them again.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TABLE auth.refresh_token CASCADE;
DROP TABLE auth.app_user CASCADE;
DROP TYPE auth.user_role CASCADE;
