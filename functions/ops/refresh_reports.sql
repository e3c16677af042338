-- ops.refresh_reports: bring the summarised reports up to date, skipping
-- those nothing has changed for. No SET search_path: a procedure with one
-- may not COMMIT; every name is schema-qualified and pg_catalog comes first.
--
-- Why it clears the changes (ops.report_change) and dirty flags, commits, and
-- waits before refreshing: a movement that committed after the refresh's
-- snapshot but saw a change still there (from before the clear), and so
-- recorded none, would otherwise leave a clean report stale. Waiting for
-- every transaction older than the clear means such a movement is visible to
-- the refresh. Only this database's transactions: transaction ids and
-- snapshots are the whole cluster's, and a long transaction in another
-- database held the refresh up to its deadline (and left the reports dirty)
-- for nothing.
CREATE OR REPLACE PROCEDURE ops.refresh_reports(force boolean DEFAULT FALSE, wait_seconds integer DEFAULT 60)
LANGUAGE plpgsql
AS $$
DECLARE
    v_run bigint;
    v_due text[];
    v_report text;
    v_before xid[];
    v_deadline timestamptz;
    v_settled boolean := true;
    v_started timestamptz;
    v_rows bigint;
    v_done jsonb := '[]';
    v_failed jsonb := NULL;
    v_key bigint := pg_catalog.hashtextextended('ops.refresh_reports', 0);
    v_holder integer;
BEGIN
    -- A NULL made the deadline NULL, never passed: the refresh waited on an
    -- open transaction for as long as it stayed open.
    IF refresh_reports.wait_seconds IS NULL OR refresh_reports.wait_seconds < 0 THEN
        RAISE EXCEPTION 'wait_seconds must be zero or more' USING ERRCODE = '22023',
            DETAIL = pg_catalog.format('wait_seconds => %s.', coalesce(refresh_reports.wait_seconds::text, 'NULL')),
            HINT = 'Leave it at its default of 60: how long to wait for transactions older than the refresh.';
    END IF;
    -- A NULL refreshed only what was due, as false does: say so instead.
    IF refresh_reports.force IS NULL THEN
        RAISE EXCEPTION 'force must be true or false' USING ERRCODE = '22023',
            DETAIL = 'ops.refresh_reports was called with force => NULL.',
            HINT = 'Pass true to refresh every report, false (the default) for those that changed.';
    END IF;
    -- One refresher at a time; a second finds the lock taken and leaves. A
    -- session lock, because this procedure commits; every step after it
    -- catches its errors, so the unlock at the end is reached, but a run
    -- cancelled (statement_timeout, Ctrl-C in psql), which no handler catches,
    -- kept it for as long as its session lasted, and every other session's run
    -- did nothing. This session's own is such a leftover, since no run of it is
    -- under way, and goes here; another idle session's is named.
    WHILE pg_catalog.pg_backend_pid() IN (SELECT h.pid FROM ops.advisory_lock_holders(v_key) AS h (pid)) LOOP
        PERFORM pg_catalog.pg_advisory_unlock(v_key);
    END LOOP;
    IF NOT pg_catalog.pg_try_advisory_lock(v_key) THEN
        SELECT a.pid INTO v_holder
        FROM ops.advisory_lock_holders(v_key) AS h (pid)
        INNER JOIN pg_catalog.pg_stat_activity AS a ON h.pid = a.pid
        WHERE a.state LIKE 'idle%';
        IF v_holder IS NOT NULL THEN
            RAISE WARNING 'session % holds the lock of ops.refresh_reports() but runs nothing; nothing done', v_holder
                USING DETAIL = 'A refresh cancelled in that session kept its session lock, and no refresh runs '
                               'until that session ends or runs one again.',
                      HINT = pg_catalog.format('End it (SELECT pg_terminate_backend(%s)), or call '
                                               'ops.refresh_reports() in it once more.', v_holder);
        ELSE
            RAISE NOTICE 'another ops.refresh_reports() is running; nothing done';
        END IF;
        RETURN;
    END IF;
    v_run := ops.start_run('refresh-reports');

    WITH due AS (
        UPDATE ops.report_refresh AS r
        SET dirty = false, last_started_at = pg_catalog.clock_timestamp()
        WHERE refresh_reports.force OR r.dirty OR r.last_refreshed_at IS NULL
           OR r.last_refreshed_at < pg_catalog.date_trunc('day', pg_catalog.now())
           -- Taken by a run that never refreshed it: one that stopped at an
           -- earlier report's failure, or was cancelled (statement_timeout,
           -- Ctrl-C, which no handler here catches) or ended with its server.
           -- Its flag and changes were cleared with the taking, and it stayed
           -- stale, skipped as clean, until the next change or the next day.
           OR r.last_started_at > r.last_refreshed_at
           OR EXISTS (SELECT FROM ops.report_change AS c WHERE c.report_name = r.report_name)
        RETURNING r.report_name, r.refresh_order
    )
    SELECT coalesce(pg_catalog.array_agg(due.report_name ORDER BY due.refresh_order), '{}') INTO v_due FROM due;
    -- Only the changes committed by now: one still in flight stays for the
    -- next run, and its transaction is waited for below.
    DELETE FROM ops.report_change AS c WHERE c.report_name = ANY (v_due);
    UPDATE ops.report_refresh AS r SET skipped_count = r.skipped_count + 1
    WHERE NOT (r.report_name = ANY (v_due));
    COMMIT;
    -- A movement reads the changes after its INSERT took a transaction id, so
    -- every movement that read them before the clear committed is one of the
    -- transactions with an id running now; wait until none of those is. A
    -- transaction holds a lock on its own id until it ends, and one that
    -- wrote here holds a lock on a relation of this database (pg_locks is
    -- live and readable by any role, unlike pg_stat_activity's other
    -- sessions).
    SELECT coalesce(pg_catalog.array_agg(x.transactionid), '{}') INTO v_before
    FROM pg_catalog.pg_locks AS x
    WHERE x.locktype = 'transactionid' AND x.mode = 'ExclusiveLock' AND x.granted
      AND x.pid <> pg_catalog.pg_backend_pid()
      AND x.pid IN (
          SELECT r.pid FROM pg_catalog.pg_locks AS r
          WHERE r.locktype = 'relation'
            AND r.database = (SELECT d.oid FROM pg_catalog.pg_database AS d WHERE d.datname = pg_catalog.current_database())
      );

    v_deadline := pg_catalog.clock_timestamp() + pg_catalog.make_interval(secs => refresh_reports.wait_seconds);
    LOOP
        EXIT WHEN pg_catalog.cardinality(v_due) = 0 OR NOT EXISTS (
            SELECT 1 FROM pg_catalog.pg_locks AS x
            WHERE x.locktype = 'transactionid' AND x.mode = 'ExclusiveLock' AND x.granted
              AND x.transactionid = ANY (v_before)
        );
        IF pg_catalog.clock_timestamp() > v_deadline THEN
            -- A long transaction is still open: refresh anyway, and stay dirty
            -- so the next run looks again.
            v_settled := false;
            EXIT;
        END IF;
        PERFORM pg_catalog.pg_sleep(0.05);
    END LOOP;

    FOREACH v_report IN ARRAY v_due LOOP
        BEGIN
            v_started := pg_catalog.clock_timestamp();
            IF v_report = 'report.movement_daily' THEN
                v_rows := ops.refresh_movement_daily();
            ELSE
                EXECUTE pg_catalog.format('REFRESH MATERIALIZED VIEW CONCURRENTLY %s', v_report::regclass);
                v_rows := NULL;
            END IF;
            UPDATE ops.report_refresh AS r
            SET last_refreshed_at = v_started,
                last_duration_ms = pg_catalog.ceil(
                    EXTRACT(EPOCH FROM pg_catalog.clock_timestamp() - v_started) * 1000
                )::integer,
                refresh_count = r.refresh_count + 1,
                dirty = r.dirty OR NOT v_settled
            WHERE r.report_name = v_report;
            v_done := v_done || pg_catalog.jsonb_build_object(
                'report', v_report, 'rows', v_rows,
                'ms', pg_catalog.round(EXTRACT(EPOCH FROM pg_catalog.clock_timestamp() - v_started) * 1000)
            );
        EXCEPTION WHEN OTHERS THEN
            v_failed := ops.failure_detail(SQLSTATE, v_report || ': ' || SQLERRM);
            UPDATE ops.report_refresh AS r SET dirty = true WHERE r.report_name = v_report;
        END;
        COMMIT;
        EXIT WHEN v_failed IS NOT NULL;
    END LOOP;

    PERFORM ops.finish_run(
        v_run,
        CASE WHEN v_failed IS NULL THEN 'ok' ELSE 'failed' END,
        coalesce(v_failed, '{}') || pg_catalog.jsonb_build_object(
            'refreshed', v_done, 'skipped', (
                SELECT coalesce(pg_catalog.jsonb_agg(r.report_name ORDER BY r.refresh_order), '[]')
                FROM ops.report_refresh AS r WHERE NOT (r.report_name = ANY (v_due))
            ),
            'settled', v_settled
        )
    );
    COMMIT;
    PERFORM pg_catalog.pg_advisory_unlock(v_key);
END
$$;
COMMENT ON PROCEDURE ops.refresh_reports (boolean, integer) IS
'Refreshes the summarised reports with a change recorded in ops.report_change, or dirty, or not yet '
'refreshed today (or all with force), and deletes the changes it saw: '
'report.movement_daily incrementally, the materialised views CONCURRENTLY so readers are never blocked. '
'Clean reports are skipped at no cost. Records the run in ops.maintenance_run. '
'Errors: 22023 force NULL, or wait_seconds NULL or negative.';
