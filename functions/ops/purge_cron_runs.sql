-- ops.purge_cron_runs: pg_cron writes a row to cron.job_run_details for every
-- run and never deletes one; expire-reservations alone adds 1,440 a day, and
-- `stockdb check` and `maintenance status` read the table for each job's last
-- run. Only the stockdb jobs' rows of this database go: other jobs on the
-- cluster are their owners' business. Older than ops.maintenance_run keeps
-- its own record of a job (90 days, ops.start_run) by default.
-- No SET search_path: a procedure with one may not COMMIT.
CREATE OR REPLACE PROCEDURE ops.purge_cron_runs(older_than interval DEFAULT '90 days')
LANGUAGE plpgsql
AS $$
DECLARE
    v_run bigint;
    v_count bigint := 0;
    v_here boolean;
    -- A variable, so static checkers do not look for the schema where it does not exist.
    v_cron text := 'cron';
BEGIN
    IF purge_cron_runs.older_than IS NULL OR purge_cron_runs.older_than < interval '1 day' THEN
        RAISE EXCEPTION 'older_than must be at least 1 day'
            USING ERRCODE = '22023',
                  DETAIL = pg_catalog.format('ops.purge_cron_runs was called with older_than => %L.',
                                             purge_cron_runs.older_than),
                  HINT = 'stockdb check reads the runs of the last two hours; leave it at its default of 90 days.';
    END IF;
    v_run := ops.start_run('purge-cron-runs');
    COMMIT;
    v_here := ops.pg_cron_runs_here();
    IF v_here THEN
        EXECUTE pg_catalog.format($sql$
            DELETE FROM %1$I.job_run_details AS d
            USING %1$I.job AS j
            WHERE d.jobid = j.jobid
              AND j.jobname LIKE 'stockdb-%%' AND j.database = pg_catalog.current_database()
              AND coalesce(d.end_time, d.start_time) < $1
        $sql$, v_cron) USING ops.ago(purge_cron_runs.older_than);
        GET DIAGNOSTICS v_count = ROW_COUNT;
    END IF;
    PERFORM ops.finish_run(
        v_run, 'ok',
        pg_catalog.jsonb_build_object('purged', v_count)
        || CASE
            WHEN v_here THEN '{}'::jsonb
            WHEN v_here IS NULL THEN '{"skipped": "this role may not read cron.database_name"}'::jsonb
            ELSE '{"skipped": "pg_cron does not run jobs in this database"}'::jsonb
        END
    );
    COMMIT;
END
$$;
COMMENT ON PROCEDURE ops.purge_cron_runs (interval) IS
'Deletes pg_cron''s records (cron.job_run_details) of this database''s stockdb jobs that ended more than '
'older_than ago (default 90 days, at least 1 day); records the count in ops.maintenance_run. Where pg_cron '
'does not run jobs (or the role may not tell), deletes nothing and says so in the run''s detail. '
'Errors: 22023 older_than under 1 day.';
