-- ops.advisory_lock_sessions: the sessions of the whole cluster that hold the
-- advisory lock of a bigint key, with the database each holds it in. pg_locks
-- shows such a key in two halves (the high one as classid, the low one as
-- objid). A restore's scratch names are locked from the postgres database,
-- where this schema is not, so ops.check_health looks in every database.
CREATE OR REPLACE FUNCTION ops.advisory_lock_sessions(key bigint)
RETURNS TABLE (pid integer, database oid)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT l.pid, l.database
    FROM pg_catalog.pg_locks AS l
    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
      AND (l.classid::bigint << 32) | l.objid::bigint = advisory_lock_sessions.key
$$;
COMMENT ON FUNCTION ops.advisory_lock_sessions(bigint) IS
'The pids of the sessions of the cluster holding the advisory lock of key (pg_advisory_lock(bigint)), and the '
'database each holds it in.';
