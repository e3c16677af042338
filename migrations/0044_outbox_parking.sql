-- depends: 0043_staging_location_import
-- A document MongoDB refuses for what it is (a validator it fails, a field
-- it cannot store) failed its whole batch on every try, and the relay took
-- the oldest rows first: it stopped every row behind it, for every tenant,
-- until someone deleted it by hand. Such a row is now set aside (parked),
-- kept with its error, and sent again on `stockdb relay retry-parked`.

-- squawk-ignore-file ban-drop-function
-- Waived: audit.outbox_status() gains columns, which CREATE OR REPLACE
-- cannot add; its repeatable file makes it again in this migrate. IF EXISTS:
-- a fresh database runs every migration before any repeatable file.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- No default: no table rewrite.
ALTER TABLE audit.outbox ADD COLUMN parked_at timestamptz;
COMMENT ON COLUMN audit.outbox.parked_at IS
'When the relay set the row aside because MongoDB refused its document itself; a parked row is not '
'claimed until `stockdb relay retry-parked` (audit.unpark_outbox) clears this.';

DROP FUNCTION IF EXISTS audit.outbox_status();
