-- A refresh after no change costs nothing: what a report reads records a
-- change in ops.report_change, and ops.refresh_reports() skips a report with
-- none. Only the first statements after a refresh insert; the rest find a
-- change already there and insert nothing. An insert, not an update of the
-- report's row of ops.report_refresh: the first movement after a refresh held
-- that row to its commit, and every other movement waited for it.
-- A statement reads the changes after its own writes took a transaction id,
-- so if it found one that the refresh then deleted, the refresh waits for it
-- (see ops.refresh_reports).
CREATE OR REPLACE FUNCTION ops.tg__mark_reports_dirty()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO ops.report_change (report_name)
    SELECT r.report_name
    FROM ops.report_refresh AS r
    WHERE r.report_name = ANY (TG_ARGV) AND NOT r.dirty
      AND NOT EXISTS (SELECT FROM ops.report_change AS c WHERE c.report_name = r.report_name);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION ops.tg__mark_reports_dirty() IS
'Statement trigger: records a change in ops.report_change for each report named by the trigger''s '
'arguments that has none yet and is not already dirty.';

CREATE OR REPLACE TRIGGER _300_reports_dirty AFTER INSERT ON inventory.stock_movement
FOR EACH STATEMENT EXECUTE FUNCTION ops.tg__mark_reports_dirty(
    'report.movement_daily', 'ops.slow_movers', 'ops.inventory_turnover'
);
-- A location moved to another warehouse changes where its stock is reported
-- (report.movement_daily keeps the days it already summed as they were).
CREATE OR REPLACE TRIGGER _300_reports_dirty AFTER UPDATE ON warehouse.location
FOR EACH STATEMENT EXECUTE FUNCTION ops.tg__mark_reports_dirty(
    'ops.slow_movers', 'ops.inventory_turnover'
);
