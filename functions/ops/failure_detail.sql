-- What a failed maintenance run records: enough to act on without the log.
CREATE OR REPLACE FUNCTION ops.failure_detail(sqlstate text, message text)
RETURNS jsonb
LANGUAGE sql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT jsonb_build_object('error', failure_detail.message, 'sqlstate', failure_detail.sqlstate)
$$;
COMMENT ON FUNCTION ops.failure_detail(text, text) IS
'The detail object of a failed maintenance run: {error, sqlstate}.';
