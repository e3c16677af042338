-- ops.advisory_lock_holders: the sessions of this database that hold the
-- advisory lock of a bigint key. pg_locks shows such a key in two halves
-- (the high one as classid, the low one as objid), and advisory locks are
-- each database's own.
CREATE OR REPLACE FUNCTION ops.advisory_lock_holders(key bigint)
RETURNS SETOF integer
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT l.pid
    FROM pg_catalog.pg_locks AS l
    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
      AND l.database = (SELECT d.oid FROM pg_catalog.pg_database AS d WHERE d.datname = pg_catalog.current_database())
      AND (l.classid::bigint << 32) | l.objid::bigint = advisory_lock_holders.key
$$;
COMMENT ON FUNCTION ops.advisory_lock_holders(bigint) IS
'The pids of the sessions of this database holding the advisory lock of key (pg_advisory_lock(bigint)).';
