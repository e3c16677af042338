-- depends: 0036_batch_number_trimmed
-- The ledger's months begin at midnight on the 1st in the time zone of the
-- session that made them: pg_partman reads and writes partition bounds in the
-- session's TimeZone. Migration 0005 made the first ones in the migrating
-- session's zone (the server's timezone setting unless the client set one),
-- and every later run made the next ones in its own. A run in another zone
-- than the months' (the server's timezone changed, a restore onto a server in
-- another zone, a client with PGTZ) read the last month as the one before and
-- made no month ahead: an hour's run in America/New_York on months made in
-- UTC left next month's partition missing, and after four months every
-- movement fell into the default partition. Partition maintenance now runs
-- in the zone recorded here.
--
-- The zone is the one the months already begin in: this session's, else the
-- server's (postgresql.conf, where this role may read it), else UTC. Months
-- that begin at midnight in none of them were made in a zone this migration
-- cannot guess, so it stops and says how to give it.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE TABLE inventory.ledger_time_zone (
    singleton boolean NOT NULL DEFAULT TRUE,
    name text NOT NULL,
    CONSTRAINT ledger_time_zone_pkey PRIMARY KEY (singleton),
    CONSTRAINT ledger_time_zone_singleton_check CHECK (singleton),
    CONSTRAINT ledger_time_zone_name_check CHECK (ops.is_valid_timezone(name))
);
COMMENT ON TABLE inventory.ledger_time_zone IS
'One row: the IANA time zone in which the ledger''s monthly partitions begin at midnight on the 1st. '
'Partition maintenance runs in it, whatever the session''s or the server''s TimeZone.';

DO $$
DECLARE
    v_zone text;
    v_server_zone text;
    v_odd record;
BEGIN
    IF has_table_privilege('pg_catalog.pg_file_settings', 'SELECT') THEN
        EXECUTE $sql$
            SELECT s.setting FROM pg_catalog.pg_file_settings AS s
            WHERE s.name = 'timezone' AND s.applied ORDER BY s.seqno DESC LIMIT 1
        $sql$ INTO v_server_zone;
    END IF;
    SELECT z.name INTO v_zone
    FROM (VALUES (1, current_setting('TimeZone')), (2, v_server_zone), (3, 'UTC')) AS z (rank, name)
    WHERE z.name IS NOT NULL AND NOT EXISTS (
        SELECT
        FROM partman.show_partitions('inventory.stock_movement') AS p
        CROSS JOIN LATERAL partman.show_partition_info(
            p.partition_schemaname || '.' || p.partition_tablename, NULL, 'inventory.stock_movement'
        ) AS i
        WHERE (i.child_start_time AT TIME ZONE z.name) <> date_trunc('month', i.child_start_time AT TIME ZONE z.name)
    )
    ORDER BY z.rank
    LIMIT 1;
    IF v_zone IS NULL THEN
        SELECT p.partition_tablename AS month, i.child_start_time AT TIME ZONE 'UTC' AS utc_start INTO v_odd
        FROM partman.show_partitions('inventory.stock_movement') AS p
        CROSS JOIN LATERAL partman.show_partition_info(
            p.partition_schemaname || '.' || p.partition_tablename, NULL, 'inventory.stock_movement'
        ) AS i
        WHERE (i.child_start_time AT TIME ZONE 'UTC') <> date_trunc('month', i.child_start_time AT TIME ZONE 'UTC')
        ORDER BY i.child_start_time
        LIMIT 1;
        RAISE EXCEPTION 'the ledger''s months begin at midnight neither in this session''s time zone, the server''s nor UTC'
        USING ERRCODE = '55000',
        DETAIL = format('inventory.%s begins at %s UTC; this session''s TimeZone is %s, the server''s %s.',
                        v_odd.month, v_odd.utc_start, current_setting('TimeZone'), coalesce(v_server_zone, 'not known')),
        HINT = 'Run the migration with PGTZ set to the zone they were made in (the server''s timezone setting '
        'when stockdb was installed), for example PGTZ=Europe/Berlin stockdb migrate.';
    END IF;
    INSERT INTO inventory.ledger_time_zone (name) VALUES (v_zone);
END
$$;
