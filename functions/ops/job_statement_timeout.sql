-- The statement_timeout pg_cron's stockdb jobs start with, and what sets it:
-- the jobs' role in this database, the role, this database, else the
-- server's configuration; NULL when none does (or only to 0). A job cannot
-- lift the timeout its CALL began under (SET inside it does not move the
-- timer), nor may a cron command SET it first (a procedure that commits may
-- not run in a string of several statements). cron is reached through
-- EXECUTE: the extension exists only in the database pg_cron runs in.
CREATE OR REPLACE FUNCTION ops.job_statement_timeout(OUT setting text, OUT set_for text)
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_cron text := 'cron';
BEGIN
    EXECUTE format($sql$
        SELECT s.value, s.set_for
        FROM (
            SELECT DISTINCT j.username FROM %1$I.job AS j
            WHERE j.jobname LIKE 'stockdb-%%' AND j.database = current_database()
        ) AS j
        INNER JOIN pg_catalog.pg_roles AS r ON r.rolname = j.username
        CROSS JOIN LATERAL (
            SELECT substr(c.item, strpos(c.item, '=') + 1) AS value,
                   CASE WHEN d.setrole = 0 THEN format('database %%s', current_database())
                        WHEN d.setdatabase = 0 THEN format('role %%s', r.rolname)
                        ELSE format('role %%s in database %%s', r.rolname, current_database())
                   END AS set_for
            FROM pg_catalog.pg_db_role_setting AS d
            CROSS JOIN LATERAL unnest(d.setconfig) AS c (item)
            WHERE split_part(c.item, '=', 1) = 'statement_timeout'
              AND d.setrole IN (0, r.oid)
              AND d.setdatabase IN (0, (SELECT db.oid FROM pg_catalog.pg_database AS db
                                        WHERE db.datname = current_database()))
              AND NOT (d.setrole = 0 AND d.setdatabase = 0)
            -- The most particular setting wins, as at login.
            ORDER BY (d.setrole <> 0) DESC, (d.setdatabase <> 0) DESC
            LIMIT 1
        ) AS s
        ORDER BY s.value ~ '^0+[a-z]*$', j.username
        LIMIT 1
    $sql$, v_cron) INTO setting, set_for;
    IF set_for IS NULL THEN
        BEGIN
            SELECT f.setting, format('the server''s configuration (%s line %s)', f.sourcefile, f.sourceline)
            INTO setting, set_for
            FROM pg_catalog.pg_file_settings AS f
            WHERE f.name = 'statement_timeout' AND f.applied;
        EXCEPTION WHEN insufficient_privilege THEN
            NULL;  -- only the superuser and pg_read_all_settings read the files
        END;
    END IF;
    IF setting ~ '^0+[a-z]*$' THEN
        setting := NULL;
        set_for := NULL;
    END IF;
END
$$;
COMMENT ON FUNCTION ops.job_statement_timeout() IS
'The statement_timeout pg_cron''s stockdb jobs in this database start with (setting) and what sets it '
'(set_for: their role in this database, the role, the database, or the server''s configuration file); '
'NULL when none does. ops.check_health() warns of one.';
