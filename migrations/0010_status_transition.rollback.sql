-- squawk-ignore-file ban-drop-table, ban-drop-type, ban-drop-function
-- Dropping what 0010_status_transition created is the purpose of this file.
-- CASCADE: repeatable functions, triggers and views built on these go too;
-- a rollback forgets the repeatable files, so the next migrate makes them again.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TABLE ops.status_transition CASCADE;
