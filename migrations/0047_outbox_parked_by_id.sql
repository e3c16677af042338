-- depends: 0046_update_user_email
-- `stockdb relay retry-parked` could only requeue every parked row, and a row
-- MongoDB will never take stayed parked, with `stockdb check` warning of it,
-- until someone deleted it by hand. audit.unpark_outbox gains ids (its
-- repeatable file makes it again in this migrate); audit.parked_outbox and
-- audit.discard_parked_outbox are new repeatable files.

-- squawk-ignore-file ban-drop-function
-- Waived: a new argument changes the function's signature, which CREATE OR
-- REPLACE cannot do. IF EXISTS: a fresh database runs every migration before
-- any repeatable file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP FUNCTION IF EXISTS audit.unpark_outbox();
