-- squawk-ignore-file ban-drop-table, ban-drop-type, ban-drop-function
-- Dropping what 0002_auth created is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TABLE auth.refresh_token;
DROP TABLE auth.app_user;
DROP TYPE auth.user_role;
