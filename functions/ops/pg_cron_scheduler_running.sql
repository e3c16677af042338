-- Is pg_cron's scheduler (its launcher process) connected to this database?
-- pg_cron 1.4, Debian 12's, ends it for good when it is terminated: by DROP
-- or RENAME of its database (`stockdb backup restore` into it does both) or
-- by pg_terminate_backend. Its jobs then stay scheduled and none starts until
-- PostgreSQL restarts, which nothing else would show. ops.check_health asks.
CREATE OR REPLACE FUNCTION ops.pg_cron_scheduler_running()
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    -- Without pg_read_all_stats a role sees no other session's backend_type:
    -- unknown, not no.
    SELECT CASE
        WHEN pg_catalog.pg_has_role('pg_read_all_stats', 'USAGE') THEN EXISTS (
            SELECT 1 FROM pg_catalog.pg_stat_activity AS a
            WHERE a.backend_type = 'pg_cron launcher' AND a.datname = pg_catalog.current_database()
        )
    END
$$;

COMMENT ON FUNCTION ops.pg_cron_scheduler_running() IS
'True when pg_cron''s launcher process is connected to this database, false when it is not (pg_cron 1.4 does '
'not start it again until PostgreSQL restarts), NULL when the calling role may not see other sessions '
'(it needs pg_read_all_stats).';
