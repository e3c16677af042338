-- ops.check_health: what a DBA looks at before trusting an install, judged
-- here so that `stockdb check`, a monitor or psql all get the same verdict.
-- It reads only: the integrity check itself is ops.check_integrity(), whose
-- last run is judged here. pg_cron and pg_partman are reached through
-- EXECUTE, since pg_cron exists only in the database cron.database_name names.
-- Run it as the superuser or stockdb_maintenance: row security hides the
-- default partition's rows from anyone else.
CREATE OR REPLACE FUNCTION ops.check_health()
RETURNS TABLE (check_name text, status text, detail text, hint text)
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_ledger_zone text;
    v_first_month text;
    v_last_month text;
    v_missing text;
    v_text text;
    v_count bigint;
    v_replaced text;
    v_replaced_count bigint;
    v_stray bigint;
    v_covered boolean;
    v_cron_here boolean;
    v_run ops.maintenance_run;
    v_outbox record;
    v_archiver pg_catalog.pg_stat_archiver;
    v_base ops.backup;
    v_start timestamptz;
    v_end timestamptz;
    -- Variables, so static checkers do not look for schemas that may not exist.
    v_cron text := 'cron';
    v_partman text := 'partman';
BEGIN
    -- Extensions the schema is built on (pg_cron only where it runs, so shown, not required).
    SELECT string_agg(x.name, ', ' ORDER BY x.name) FILTER (WHERE e.extname IS NULL AND x.required),
           string_agg(e.extname || ' ' || e.extversion, ', ' ORDER BY e.extname)
    INTO v_missing, v_text
    FROM (VALUES ('btree_gist', true), ('pg_cron', false), ('pg_partman', true), ('pg_trgm', true),
                 ('pgcrypto', true)) AS x (name, required)
    LEFT JOIN pg_catalog.pg_extension AS e ON e.extname = x.name;
    check_name := 'extensions';
    IF v_missing IS NOT NULL THEN
        status := 'failed';
        detail := format('missing: %s (installed: %s)', v_missing, coalesce(v_text, 'none'));
        hint := 'Install them (pg_partman is postgresql-15-partman; the others ship with PostgreSQL), '
                'then run stockdb migrate.';
    ELSE
        status := 'ok';
        detail := v_text;
        hint := NULL;
    END IF;
    RETURN NEXT;

    -- Is pg_cron running the jobs of ops.cron_job in this database, as listed?
    check_name := 'scheduler';
    v_cron_here := ops.pg_cron_runs_here();
    IF v_cron_here IS NULL THEN
        status := 'warning';
        detail := format('role %s may not read cron.database_name', current_user);
        hint := 'Run the check as the superuser, or GRANT pg_read_all_settings to this role.';
    ELSIF NOT v_cron_here THEN
        status := 'warning';
        detail := format(
            'pg_cron does not run jobs in database %s (cron.database_name is %s)',
            current_database(), coalesce(current_setting('cron.database_name', true), 'unset')
        );
        hint := 'Run the jobs with stockdb maintenance run JOB, or schedule them with '
                'cron.schedule_in_database from the database pg_cron runs in.';
    ELSIF NOT ops.pg_cron_scheduler_running() THEN
        -- Its jobs look scheduled and its record looks fine: only the process
        -- list says that none of them will start.
        status := 'failed';
        detail := 'pg_cron''s scheduler is not running: no job starts';
        hint := 'pg_cron 1.4 ends it for good when its process is terminated (as stockdb backup restore '
                'into this database, DROP DATABASE ... WITH (FORCE) or pg_terminate_backend do). Restart '
                'PostgreSQL (the embedded cluster: stockdb db stop, then stockdb db start).';
    ELSE
        BEGIN
            EXECUTE format($sql$
                SELECT string_agg(c.job_name, ', ' ORDER BY c.job_name)
                FROM ops.cron_job AS c
                WHERE c.enabled AND NOT EXISTS (
                    SELECT 1 FROM %1$I.job AS j
                    WHERE j.jobname = 'stockdb-' || c.job_name AND j.database = current_database()
                      AND j.active AND j.schedule = c.schedule AND j.command = c.command
                )
            $sql$, v_cron) INTO v_missing;
            -- pg_cron's own record of each job's last start: a job that could
            -- not even connect (pg_cron logs in like any client) never reaches
            -- ops.maintenance_run.
            EXECUTE format($sql$
                SELECT string_agg(
                           substr(j.jobname, 9) || ' at ' || to_char(d.start_time, 'YYYY-MM-DD HH24:MI') || ': '
                           || coalesce(nullif(btrim(d.return_message), ''), d.status),
                           '; ' ORDER BY j.jobname
                       ) FILTER (WHERE d.status = 'failed'),
                       max(d.start_time)
                FROM %1$I.job AS j
                CROSS JOIN LATERAL (
                    SELECT x.status, x.return_message, x.start_time
                    FROM %1$I.job_run_details AS x
                    WHERE x.jobid = j.jobid
                    ORDER BY x.start_time DESC NULLS LAST, x.runid DESC
                    LIMIT 1
                ) AS d
                WHERE j.jobname LIKE 'stockdb-%%' AND j.database = current_database()
            $sql$, v_cron) INTO v_text, v_start;
            SELECT count(*) INTO v_count FROM ops.cron_job AS c WHERE c.enabled;
            hint := NULL;
            IF v_missing IS NOT NULL OR v_text IS NOT NULL THEN
                status := 'failed';
                detail := concat_ws('; ',
                    'not scheduled as ops.cron_job lists them: ' || v_missing,
                    'pg_cron''s last run failed: ' || v_text);
                hint := concat_ws('; ',
                    CASE WHEN v_missing IS NOT NULL THEN 'SELECT ops.schedule_jobs() registers them with pg_cron' END,
                    CASE WHEN v_text IS NOT NULL
                         THEN 'cron.job_run_details has every run; a job that cannot connect needs a login '
                              'pg_cron can use (cron.host, pg_hba.conf)' END);
            -- A job whose hour, day, month and weekday are all * starts at
            -- least hourly, so pg_cron that started nothing for two hours
            -- is not running.
            ELSIF v_start < now() - interval '2 hours' AND EXISTS (
                SELECT 1 FROM ops.cron_job AS c
                WHERE c.enabled AND regexp_replace(btrim(c.schedule), '^[^[:space:]]+[[:space:]]+', '') = '* * * *'
            ) THEN
                status := 'warning';
                detail := format('pg_cron started no job since %s', to_char(v_start, 'YYYY-MM-DD HH24:MI'));
                hint := 'Is the pg_cron launcher running? Its log lines say why not.';
            ELSE
                status := 'ok';
                detail := format('pg_cron runs the %s enabled jobs here', v_count)
                          || coalesce('; last start at ' || to_char(v_start, 'YYYY-MM-DD HH24:MI'), '');
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            status := 'warning';
            detail := format('role %s may not read cron.job', current_user);
            hint := 'Run the check as the superuser.';
        END;
    END IF;
    RETURN NEXT;

    -- A statement_timeout set for the database's applications cancels a job
    -- that runs longer than it, each time (check-integrity reads the whole
    -- ledger), and no job can lift it (ops.job_statement_timeout).
    check_name := 'job_timeouts';
    IF coalesce(v_cron_here, false) THEN
        BEGIN
            SELECT t.setting, t.set_for INTO v_text, v_missing FROM ops.job_statement_timeout() AS t;
            IF v_text IS NOT NULL THEN
                status := 'warning';
                detail := format('pg_cron''s jobs start with statement_timeout = %s (set for %s): '
                                 'one running longer is cancelled', v_text, v_missing);
                hint := 'Set it for the application''s roles instead (ALTER ROLE stockdb_app SET '
                        'statement_timeout = ...) and reset it where it is set (ALTER DATABASE ... RESET '
                        'statement_timeout).';
            ELSE
                status := 'ok';
                detail := 'pg_cron''s jobs start without a statement_timeout';
                hint := NULL;
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            status := 'warning';
            detail := format('role %s may not read cron.job', current_user);
            hint := 'Run the check as the superuser.';
        END;
    ELSE
        status := 'ok';
        detail := 'pg_cron runs no job here; stockdb maintenance run starts without a statement_timeout';
        hint := NULL;
    END IF;
    RETURN NEXT;

    -- Each enabled job's last run: failed, or still running after an hour.
    SELECT string_agg(
               format('%s failed at %s: %s', r.job_name, to_char(r.started_at, 'YYYY-MM-DD HH24:MI'),
                      coalesce(r.detail ->> 'error', r.detail::text)),
               '; ' ORDER BY r.job_name
           ) FILTER (WHERE r.status = 'failed'),
           string_agg(format('%s running since %s', r.job_name, to_char(r.started_at, 'YYYY-MM-DD HH24:MI')),
                      '; ' ORDER BY r.job_name)
               FILTER (WHERE r.status = 'running' AND r.started_at < now() - interval '1 hour'),
           count(*) FILTER (WHERE r.job_name IS NULL)
    INTO v_missing, v_text, v_count
    FROM ops.cron_job AS c
    LEFT JOIN LATERAL (
        SELECT m.* FROM ops.maintenance_run AS m
        WHERE m.job_name = c.job_name
        ORDER BY m.started_at DESC, m.id DESC
        LIMIT 1
    ) AS r ON true
    WHERE c.enabled;
    check_name := 'maintenance';
    IF v_missing IS NOT NULL THEN
        status := 'failed';
        detail := v_missing || coalesce('; ' || v_text, '');
        hint := 'stockdb maintenance status shows every job''s last run; stockdb maintenance run JOB runs one again.';
    ELSIF v_text IS NOT NULL THEN
        status := 'warning';
        detail := v_text;
        hint := 'A run that never finished was cut off; stockdb maintenance run JOB runs it again.';
    ELSE
        status := 'ok';
        detail := CASE WHEN v_count = 0 THEN 'every job''s last run ended well'
                       ELSE format('every job''s last run ended well; %s never ran yet', v_count) END;
        hint := NULL;
    END IF;
    RETURN NEXT;

    -- The last integrity check that finished.
    SELECT m.* INTO v_run
    FROM ops.maintenance_run AS m
    WHERE m.job_name = 'check-integrity' AND m.status <> 'running'
    ORDER BY m.started_at DESC, m.id DESC
    LIMIT 1;
    check_name := 'integrity';
    IF v_run.id IS NULL THEN
        status := 'warning';
        detail := 'ops.check_integrity() has never run';
        hint := 'CALL ops.check_integrity(), or stockdb check, which runs it first.';
    ELSIF v_run.status = 'failed' THEN
        status := 'failed';
        detail := format('the check of %s failed: %s', to_char(v_run.started_at, 'YYYY-MM-DD HH24:MI'),
                         coalesce(v_run.detail ->> 'error', v_run.detail::text));
        hint := 'CALL ops.check_integrity() again once the cause is mended.';
    ELSE
        SELECT sum(f.n), string_agg(f.check_name || ' ' || f.n, ', ' ORDER BY f.check_name)
        INTO v_count, v_text
        FROM (
            SELECT r.check_name, count(*) AS n
            FROM ops.integrity_check_result AS r
            WHERE r.run_id = v_run.id
            GROUP BY r.check_name
        ) AS f;
        IF v_count > 0 THEN
            status := 'failed';
            detail := format('%s finding(s) at %s: %s', v_count, to_char(v_run.started_at, 'YYYY-MM-DD HH24:MI'),
                             v_text);
            hint := format('SELECT * FROM ops.integrity_check_result WHERE run_id = %s', v_run.id);
        ELSIF v_run.started_at < now() - interval '2 days' THEN
            status := 'warning';
            detail := format('no findings, but the last check ran at %s',
                             to_char(v_run.started_at, 'YYYY-MM-DD HH24:MI'));
            hint := 'pg_cron runs check-integrity nightly; see the scheduler and maintenance checks.';
        ELSE
            status := 'ok';
            detail := format('no findings at %s', to_char(v_run.started_at, 'YYYY-MM-DD HH24:MI'));
            hint := NULL;
        END IF;
    END IF;
    RETURN NEXT;

    -- The ledger's months: now and the month ahead exist, nothing fell into
    -- the default partition (a row there is outside every month, and
    -- partition maintenance moves it into one).
    check_name := 'ledger_partitions';
    -- Named as the months' own zone names them (inventory.ledger_time_zone):
    -- the first day of the first month and the last day of the last.
    v_ledger_zone := inventory.ledger_time_zone();
    EXECUTE format($sql$
        SELECT min(i.child_start_time), max(i.child_end_time), count(*),
               bool_or(now() >= i.child_start_time AND now() < i.child_end_time)
               AND bool_or(now() + interval '1 month' >= i.child_start_time
                           AND now() + interval '1 month' < i.child_end_time)
        FROM %1$I.show_partitions('inventory.stock_movement') AS p
        CROSS JOIN LATERAL %1$I.show_partition_info(
            p.partition_schemaname || '.' || p.partition_tablename, NULL, 'inventory.stock_movement'
        ) AS i
    $sql$, v_partman) INTO v_start, v_end, v_count, v_covered;
    v_first_month := to_char(v_start AT TIME ZONE v_ledger_zone, 'YYYY-MM');
    v_last_month := to_char((v_end AT TIME ZONE v_ledger_zone) - interval '1 day', 'YYYY-MM');
    SELECT count(*) INTO v_stray FROM inventory.stock_movement_default;
    IF v_stray > 0 THEN
        status := 'failed';
        detail := format('%s ledger row(s) in the default partition', v_stray);
        hint := 'Partition maintenance moves them into months made for them: stockdb maintenance run '
                'partition-maintenance (pg_cron runs it hourly).';
    ELSIF NOT coalesce(v_covered, false) THEN
        status := 'failed';
        detail := format('%s monthly partition(s), %s: this month or the next has none', v_count,
                         coalesce(v_first_month || ' to ' || v_last_month, 'none'));
        hint := 'stockdb maintenance run partition-maintenance makes the months ahead.';
    ELSIF v_end < now() + interval '2 months' THEN
        status := 'warning';
        detail := format('months made only up to %s', v_last_month);
        hint := 'Partition maintenance has not run lately: stockdb maintenance run partition-maintenance.';
    ELSE
        status := 'ok';
        detail := format('%s monthly partitions, %s to %s; the default partition is empty', v_count,
                         v_first_month, v_last_month)
                  || coalesce((SELECT format('; %s whole months kept before this one, %s detached',
                                             r.keep_months, d.detached)
                                      || CASE WHEN d.dropped > 0 THEN format(' (%s of them dropped since)', d.dropped)
                                              ELSE '' END
                               FROM ops.ledger_retention AS r
                               CROSS JOIN (
                                   SELECT count(*) AS detached,
                                          count(*) FILTER (WHERE to_regclass(m.table_name) IS NULL) AS dropped
                                   FROM ops.detached_ledger_month AS m
                               ) AS d
                               WHERE r.keep_months IS NOT NULL), '');
        hint := NULL;
    END IF;
    RETURN NEXT;

    -- An interrupted CREATE INDEX CONCURRENTLY leaves an invalid index that
    -- every write still maintains and no query uses.
    SELECT string_agg(i.indexrelid::regclass::text, ', ' ORDER BY i.indexrelid::regclass::text) INTO v_missing
    FROM pg_catalog.pg_index AS i
    JOIN pg_catalog.pg_class AS c ON c.oid = i.indexrelid
    JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
    WHERE NOT (i.indisvalid AND i.indisready)
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast';
    check_name := 'indexes';
    IF v_missing IS NOT NULL THEN
        status := 'failed';
        detail := format('invalid: %s', v_missing);
        hint := 'REINDEX INDEX CONCURRENTLY each of them.';
    ELSE
        status := 'ok';
        detail := 'every index is valid';
        hint := NULL;
    END IF;
    RETURN NEXT;

    -- WAL archiving (point-in-time recovery). A failing archive_command is
    -- the outage to catch early: the server keeps every segment it could not
    -- archive, so pg_wal grows until its disk is full and the server stops.
    check_name := 'wal_archive';
    SELECT * INTO v_archiver FROM pg_catalog.pg_stat_archiver;
    SELECT * INTO v_base FROM ops.backup AS b
    WHERE b.kind = 'base' AND b.status = 'ok'
    ORDER BY b.finished_at DESC
    LIMIT 1;
    IF current_setting('archive_mode') = 'off' THEN
        status := 'ok';
        detail := 'archiving is off: a restore goes back to the last dump';
        hint := NULL;
    ELSIF coalesce(current_setting('archive_command', true), '') = ''
          AND coalesce(current_setting('archive_library', true), '') = '' THEN
        status := 'failed';
        detail := format('archive_mode is %s but archive_command is empty: nothing is archived, and the '
                         'server keeps every segment in pg_wal until it is', current_setting('archive_mode'));
        hint := 'Set archive_command (README: point-in-time recovery) and reload, or set archive_mode = off '
                'and restart.';
    ELSIF v_archiver.last_failed_time IS NOT NULL
          AND v_archiver.last_failed_time > coalesce(v_archiver.last_archived_time, '-infinity') THEN
        status := 'failed';
        detail := format('archive_command fails: segment %s at %s (%s failure(s), %s archived since %s); '
                         'pg_wal keeps every segment until it succeeds',
                         v_archiver.last_failed_wal, to_char(v_archiver.last_failed_time, 'YYYY-MM-DD HH24:MI:SS'),
                         v_archiver.failed_count, v_archiver.archived_count,
                         to_char(v_archiver.stats_reset, 'YYYY-MM-DD HH24:MI'));
        hint := 'The server log has the command''s error: a full or missing archive directory, or its '
                'owner. pg_wal grows until the command succeeds, and a full disk stops the server.';
    ELSIF v_base.id IS NULL THEN
        status := 'warning';
        detail := format('%s segment(s) archived, last %s, but no base backup is recorded: archived WAL '
                         'replays only onto one', v_archiver.archived_count,
                         coalesce(v_archiver.last_archived_wal, 'none'));
        hint := 'stockdb backup base, then regularly (and stockdb backup prune --wal-archive DIR).';
    ELSE
        status := 'ok';
        detail := format('%s segment(s) archived, last %s at %s; newest base backup %s at %s',
                         v_archiver.archived_count, coalesce(v_archiver.last_archived_wal, 'none'),
                         coalesce(to_char(v_archiver.last_archived_time, 'YYYY-MM-DD HH24:MI'), 'never'),
                         v_base.id, to_char(v_base.finished_at, 'YYYY-MM-DD HH24:MI'));
        hint := NULL;
    END IF;
    RETURN NEXT;

    -- Backups, judged where `stockdb maintenance status` reads them too.
    check_name := 'backup';
    SELECT v.status, v.detail, v.hint INTO status, detail, hint FROM ops.backup_verdict() AS v;
    RETURN NEXT;

    -- Copies of this database a restore made and left: its incoming one
    -- (<db>__restoring_<time>) when killed outright, and the old one it put
    -- aside (<db>__replaced_<time>) when stopped between its swap and the drop.
    -- Each is a whole database. A restore under way holds a lock on each name
    -- (the key is backup.SCRATCH_LOCK's, written there too: the restore takes it
    -- from the postgres database, where this schema is not). The next verify
    -- or restore drops an incoming one; nothing drops the old data but a DBA.
    check_name := 'leftover_databases';
    SELECT string_agg(pg_catalog.format('%s (%s)', d.datname, coalesce(
               CASE WHEN pg_catalog.has_database_privilege(d.oid, 'CONNECT')
                    THEN pg_catalog.pg_size_pretty(pg_catalog.pg_database_size(d.oid)) END, 'size not shown')),
               ', ' ORDER BY d.datname),
           count(*),
           count(*) FILTER (WHERE d.kind = 'replaced'),
           pg_catalog.min(d.datname) FILTER (WHERE d.kind = 'replaced')
    INTO v_text, v_count, v_replaced_count, v_replaced
    FROM (
        SELECT db.oid, db.datname,
               pg_catalog.substr(db.datname, pg_catalog.length(pg_catalog.current_database()) + 3, 8) AS kind
        FROM pg_catalog.pg_database AS db
        WHERE pg_catalog.left(db.datname, pg_catalog.length(pg_catalog.current_database()))
              = pg_catalog.current_database()
          AND pg_catalog.substr(db.datname, pg_catalog.length(pg_catalog.current_database()) + 1)
              ~ '^__(replaced|restoring)_[0-9]+$'
    ) AS d
    WHERE NOT EXISTS (
        SELECT FROM ops.advisory_lock_sessions(pg_catalog.hashtextextended('stockdb scratch database ' || d.datname, 0))
    );
    IF v_count = 0 THEN
        status := 'ok';
        detail := 'no copy of this database left by a restore';
        hint := NULL;
    ELSE
        status := 'warning';
        detail := pg_catalog.format('%s database(s) left by a restore that was stopped: %s', v_count, v_text);
        hint := pg_catalog.concat_ws(
            ' ',
            CASE WHEN v_replaced_count > 0
                 THEN pg_catalog.format('%s holds the data the restore replaced: once you need nothing in it, '
                                        'DROP DATABASE %I WITH (FORCE)%s.', v_replaced, v_replaced,
                                        CASE WHEN v_replaced_count > 1 THEN ', and likewise the other __replaced_ '
                                                                            'ones' ELSE '' END) END,
            CASE WHEN v_count > v_replaced_count
                 THEN 'The next stockdb backup verify or restore drops a __restoring_ one.' END
        );
    END IF;
    RETURN NEXT;

    -- The outbox: audit documents and alerts waiting for MongoDB.
    SELECT sum(o.pending) AS pending, min(o.oldest_pending_at) AS oldest, sum(o.failing) AS failing,
           (array_agg(o.last_error) FILTER (WHERE o.last_error IS NOT NULL))[1] AS last_error,
           sum(o.parked) AS parked,
           (array_agg(o.last_parked_error) FILTER (WHERE o.last_parked_error IS NOT NULL))[1] AS last_parked_error
    INTO v_outbox
    FROM audit.outbox_status() AS o;
    check_name := 'outbox';
    IF v_outbox.pending > 0 AND v_outbox.oldest < now() - interval '1 hour' THEN
        status := 'warning';
        detail := format('%s row(s) wait for MongoDB, the oldest since %s', v_outbox.pending,
                         to_char(v_outbox.oldest, 'YYYY-MM-DD HH24:MI'))
                  || CASE WHEN v_outbox.failing > 0
                          THEN format('; %s failed to deliver, last: %s', v_outbox.failing, v_outbox.last_error)
                          ELSE '' END;
        hint := 'Run stockdb relay with MONGODB_URL set; stockdb relay status shows the backlog.';
    ELSIF v_outbox.parked > 0 THEN
        -- Never sent until someone acts: MongoDB refused these documents themselves.
        status := 'warning';
        detail := format('%s row(s) parked: MongoDB refused their documents, last: %s', v_outbox.parked,
                         v_outbox.last_parked_error);
        hint := 'stockdb relay parked lists them. Mend what MongoDB refused (stockdb mongo setup replaces a '
                'validator that differs), then stockdb relay retry-parked; give up on a document it will '
                'never take with stockdb relay discard-parked --id ID --output FILE.';
    ELSE
        status := 'ok';
        detail := CASE WHEN v_outbox.pending > 0 THEN format('%s row(s) waiting, none for an hour', v_outbox.pending)
                       ELSE 'nothing waiting' END;
        hint := NULL;
    END IF;
    RETURN NEXT;

    -- Search reads letters and their case by the database's LC_CTYPE (codes and
    -- keys do not: migration 0066). Judged by what it does, not by its name.
    check_name := 'text_locale';
    SELECT d.datctype INTO v_text FROM pg_catalog.pg_database AS d WHERE d.datname = pg_catalog.current_database();
    IF lower(chr(201)) = chr(233) AND chr(233) ~ '^[[:alpha:]]$' THEN
        status := 'ok';
        detail := format('LC_CTYPE is %s: letters beyond ASCII are letters, with their case', v_text);
        hint := NULL;
    ELSE
        status := 'warning';
        detail := format(
            'LC_CTYPE is %s, which knows no letter beyond ASCII: search folds the case of ASCII letters only, '
            'and its typo correction splits words at every other letter', v_text
        );
        hint := 'Make a database with ENCODING ''UTF8'' LOCALE ''C.UTF-8'' TEMPLATE template0 and restore a '
                'pg_dump of this one into it.';
    END IF;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION ops.check_health() IS
'One row per check of the install (extensions, scheduler, job_timeouts, maintenance, integrity, ledger_partitions, '
'indexes, wal_archive, backup, leftover_databases, outbox, text_locale) with status ok, warning or failed, what '
'was found and what to do. Reads only; judges the last ops.check_integrity() run. stockdb check prints it. Run as '
'the superuser or stockdb_maintenance.';
