-- The incremental half of ops.refresh_reports(): only days a transaction
-- that was still running at the last refresh could have written to are
-- summed again. Ledger rows carry their transaction's start as occurred_at,
-- so a row the last refresh could not see is no older than that refresh's
-- horizon: the earliest start of a transaction running when it looked.
CREATE OR REPLACE FUNCTION ops.refresh_movement_daily()
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_previous timestamptz;
    v_next timestamptz;
    v_from date;
    v_rows bigint;
BEGIN
    -- One refresh of the summary at a time, while readers go on reading it.
    -- Not by locking the summary's row of ops.report_refresh for the whole
    -- sum, as before: movements marked the summary changed on that row, and
    -- the first after the flags were cleared waited for the sum (minutes at
    -- tens of millions of rows), every other movement of the database behind it.
    LOCK TABLE report.movement_daily IN SHARE ROW EXCLUSIVE MODE;
    SELECT r.horizon INTO v_previous FROM ops.report_refresh AS r WHERE r.report_name = 'report.movement_daily';
    -- Taken before the rows are read: whatever this refresh cannot see
    -- belongs to a transaction that started at or after it. Only this
    -- database's, which alone write its ledger: an open transaction in
    -- another database of the cluster (a long pg_dump) held the horizon at its
    -- start, and every refresh summed all the days since again. Nor an
    -- autovacuum worker's, which writes no ledger row (a vacuum of a big
    -- partition held it too, and made test_maintenance's horizon flaky).
    SELECT least(clock_timestamp(), min(a.xact_start)) INTO v_next
    FROM pg_stat_activity AS a
    WHERE a.xact_start IS NOT NULL AND a.pid <> pg_backend_pid() AND a.datname = current_database()
      AND a.backend_type <> 'autovacuum worker';

    -- Local days begin up to 14 hours before UTC's: one day of margin each way.
    -- Never before the ledger's attached months (inventory.ledger_attached_from,
    -- two days in, for the zones on either side): after a refresh gap longer
    -- than the retention, the days of detached months cannot be summed again,
    -- so their summaries stay as they are. NULL (nothing detached) is passed over.
    v_from := greatest(
        coalesce((v_previous AT TIME ZONE 'UTC')::date - 1, '-infinity'::date),
        (inventory.ledger_attached_from() AT TIME ZONE 'UTC')::date + 2
    );
    DELETE FROM report.movement_daily AS d WHERE d.day >= v_from;
    INSERT INTO report.movement_daily (tenant_id, day, product_id, warehouse_id, movement_type, movement_count, quantity)
    SELECT m.tenant_id, (m.occurred_at AT TIME ZONE w.timezone)::date, m.product_id, l.warehouse_id,
           m.movement_type, count(*), sum(m.quantity)
    FROM inventory.stock_movement AS m
    JOIN warehouse.location AS l ON l.tenant_id = m.tenant_id AND l.id = m.location_id
    JOIN warehouse.warehouse AS w ON w.tenant_id = l.tenant_id AND w.id = l.warehouse_id
    WHERE m.occurred_at >= v_from - interval '1 day'
      AND (m.occurred_at AT TIME ZONE w.timezone)::date >= v_from
    GROUP BY 1, 2, 3, 4, 5;
    GET DIAGNOSTICS v_rows = ROW_COUNT;

    UPDATE ops.report_refresh AS r SET horizon = v_next WHERE r.report_name = 'report.movement_daily';
    RETURN v_rows;
END
$$;
COMMENT ON FUNCTION ops.refresh_movement_daily() IS
'Recomputes report.movement_daily from the day before the last refresh''s horizon onwards (all of it the '
'first time), never from before the ledger''s attached months (the days of detached months keep their '
'summaries), and returns how many summary rows it wrote. Called by ops.refresh_reports().';
