-- The next migrate makes audit.unpark_outbox again from the file then in
-- functions/audit, and the relay role's grants with it.

-- squawk-ignore-file ban-drop-function
-- Waived: undoing 0047 is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP FUNCTION IF EXISTS audit.unpark_outbox(uuid[]);
DROP FUNCTION IF EXISTS audit.parked_outbox();
DROP FUNCTION IF EXISTS audit.discard_parked_outbox(uuid[]);
DROP FUNCTION IF EXISTS audit.require_parked(uuid[]);
