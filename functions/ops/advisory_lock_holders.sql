-- ops.advisory_lock_holders: the sessions of this database that hold the
-- advisory lock of a bigint key (ops.advisory_lock_sessions, this database's
-- only: advisory locks are each database's own).
CREATE OR REPLACE FUNCTION ops.advisory_lock_holders(key bigint)
RETURNS SETOF integer
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT s.pid
    FROM ops.advisory_lock_sessions(advisory_lock_holders.key) AS s
    WHERE s.database = (SELECT d.oid FROM pg_catalog.pg_database AS d WHERE d.datname = pg_catalog.current_database())
$$;
COMMENT ON FUNCTION ops.advisory_lock_holders(bigint) IS
'The pids of the sessions of this database holding the advisory lock of key (pg_advisory_lock(bigint)).';
