-- Does pg_cron run the jobs of this database? Only when its extension is
-- here and cron.database_name names this database: pg_cron runs jobs in one
-- database per cluster. ops.schedule_jobs, ops.check_health and `stockdb
-- maintenance status` all ask this one function.
CREATE OR REPLACE FUNCTION ops.pg_cron_runs_here()
RETURNS boolean
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_database text;
BEGIN
    BEGIN
        v_database := current_setting('cron.database_name', true);
    EXCEPTION WHEN insufficient_privilege THEN
        -- missing_ok does not cover a setting the role may not read (it
        -- needs pg_read_all_settings): unknown, not no.
        RETURN NULL;
    END;
    RETURN current_database() IS NOT DISTINCT FROM v_database
           AND EXISTS (SELECT 1 FROM pg_catalog.pg_extension AS e WHERE e.extname = 'pg_cron');
END
$$;
COMMENT ON FUNCTION ops.pg_cron_runs_here() IS
'True when pg_cron runs jobs in this database (its extension is here and cron.database_name names it), '
'false when it does not, NULL when the calling role may not read cron.database_name.';
