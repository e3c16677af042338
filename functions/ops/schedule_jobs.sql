-- ops.schedule_jobs: what ops.cron_job says, registered with pg_cron.
-- pg_cron's named schedule replaces a job of the same name, so running this
-- again never duplicates a job. cron is reached through EXECUTE because the
-- extension exists only in the database cron.database_name names.
CREATE OR REPLACE FUNCTION ops.schedule_jobs()
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_job record;
    v_scheduled integer := 0;
    -- A variable, so static checkers do not look for the schema where it does not exist.
    v_cron text := 'cron';
BEGIN
    IF NOT coalesce(ops.pg_cron_runs_here(), false) THEN
        RAISE NOTICE 'pg_cron does not run jobs in database %; run them with stockdb maintenance run', current_database()
            USING HINT = 'pg_cron runs jobs only in the database named by cron.database_name.';
        RETURN 0;
    END IF;
    FOR v_job IN SELECT j.job_name, j.schedule, j.command, j.enabled FROM ops.cron_job AS j ORDER BY j.job_name LOOP
        IF v_job.enabled THEN
            EXECUTE format('SELECT %I.schedule($1, $2, $3)', v_cron) USING 'stockdb-' || v_job.job_name, v_job.schedule, v_job.command;
            v_scheduled := v_scheduled + 1;
        END IF;
    END LOOP;
    -- Jobs switched off, or no longer listed, are taken off the schedule.
    EXECUTE format($sql$
        SELECT count(%1$I.unschedule(j.jobid)) FROM %1$I.job AS j
        WHERE j.jobname LIKE 'stockdb-%%' AND j.database = current_database()
          AND substr(j.jobname, 9) NOT IN (SELECT c.job_name FROM ops.cron_job AS c WHERE c.enabled)
    $sql$, v_cron);
    RETURN v_scheduled;
END
$$;
COMMENT ON FUNCTION ops.schedule_jobs() IS
'Registers every enabled ops.cron_job with pg_cron as stockdb-<job_name> (replacing a job of that name) '
'and unschedules stockdb jobs that are disabled or gone; returns how many are scheduled. Does nothing '
'outside the database pg_cron runs in.';
