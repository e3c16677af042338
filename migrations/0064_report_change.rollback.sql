-- Undoes 0064: changes mark ops.report_refresh.dirty again. The trigger
-- function goes back to its form before 0064 first, or every movement would
-- fail on a table that is gone; a change not yet refreshed becomes a dirty
-- flag, so none is lost. The next migrate makes ops.refresh_reports again
-- from the file then in functions/ (until then it fails, recorded as such).

-- squawk-ignore-file ban-drop-table
-- Waived: undoing 0064 is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE OR REPLACE FUNCTION ops.tg__mark_reports_dirty()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE ops.report_refresh AS r SET dirty = TRUE
    WHERE r.report_name = ANY (TG_ARGV) AND NOT r.dirty;
    RETURN NULL;
END
$$;

UPDATE ops.report_refresh AS r SET dirty = TRUE
WHERE r.report_name IN (SELECT c.report_name FROM ops.report_change AS c);
DROP TABLE ops.report_change;

COMMENT ON TABLE ops.report_refresh IS
'One row per refreshed report: dirty is set by statement triggers on what the report reads and '
'cleared by ops.refresh_reports(), which skips a clean report; horizon is the earliest time a '
'transaction still running at the last refresh could have written at (incremental reports).';
