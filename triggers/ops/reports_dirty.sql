-- A refresh after no change costs nothing: what a report reads marks it
-- dirty, and ops.refresh_reports() skips clean ones. Only the first
-- statement after a refresh writes; the rest find the flag already set and
-- update no row, so movements do not queue on the bookkeeping row.
CREATE OR REPLACE FUNCTION ops.tg__mark_reports_dirty()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE ops.report_refresh AS r SET dirty = true
    WHERE r.report_name = ANY (TG_ARGV) AND NOT r.dirty;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION ops.tg__mark_reports_dirty() IS
'Statement trigger: marks the reports named by the trigger''s arguments dirty in ops.report_refresh.';

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
