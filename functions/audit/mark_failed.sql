-- A failed delivery leaves the rows waiting and says why on each of them, so
-- stockdb relay status can show what is stuck.
CREATE OR REPLACE FUNCTION audit.mark_failed(ids uuid[], error text)
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count bigint;
BEGIN
    UPDATE audit.outbox AS o
    SET attempts = o.attempts + 1,
        last_attempt_at = pg_catalog.clock_timestamp(),
        last_error = pg_catalog.left(coalesce(mark_failed.error, 'unknown error'), 2000)
    WHERE o.id = ANY (mark_failed.ids) AND o.delivered_at IS NULL;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION audit.mark_failed(uuid[], text) IS
'Counts a failed delivery on outbox rows and records its error (cut at 2000 characters); they stay '
'undelivered.';
