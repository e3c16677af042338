-- Parked rows back in the queue, once what MongoDB refused is mended (a
-- validator replaced by `stockdb mongo setup`, say).
CREATE OR REPLACE FUNCTION audit.unpark_outbox()
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count bigint;
BEGIN
    UPDATE audit.outbox AS o SET parked_at = NULL
    WHERE o.parked_at IS NOT NULL AND o.delivered_at IS NULL;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION audit.unpark_outbox() IS
'Returns every parked outbox row to the queue (the relay sends it again, in its place by position) and '
'says how many.';
