-- depends: 0047_outbox_parked_by_id
-- A count sheet could only list every warehouse. staging.export_rows gains
-- warehouse (functions/staging/export_rows.sql, made again in this same
-- migrate); calls without it keep working, through its default.

-- squawk-ignore-file ban-drop-function
-- Waived: a new argument changes the function's signature, which CREATE OR
-- REPLACE cannot do. IF EXISTS: a fresh database runs every migration before
-- any repeatable file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP FUNCTION IF EXISTS staging.export_rows(text);
