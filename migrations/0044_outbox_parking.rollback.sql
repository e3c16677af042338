-- squawk-ignore-file ban-drop-column, ban-drop-function
-- Undoing 0044 is the purpose of this file; it runs inside the migration transaction.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- Parked rows wait again, as they did before: the next relay tries them.
DROP FUNCTION IF EXISTS audit.park_outbox(uuid, text);
DROP FUNCTION IF EXISTS audit.unpark_outbox();
DROP FUNCTION IF EXISTS audit.outbox_status();
ALTER TABLE audit.outbox DROP COLUMN parked_at;
