-- depends: 0045_update_clear_fields
-- A user signs in by email, and no call could correct one: a typo meant a
-- new user and the old one deactivated. api.update_user gains email, last
-- (functions/api/update_user.sql, made again in this same migrate); calls
-- without it keep working, through its default.

-- squawk-ignore-file ban-drop-function
-- Waived: a new argument changes the function's signature, which CREATE OR
-- REPLACE cannot do. IF EXISTS: a fresh database runs every migration before
-- any repeatable file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP FUNCTION IF EXISTS api.update_user(uuid, integer, text, text, boolean, uuid, text[]);
