-- Called only after MongoDB acknowledged the documents.
CREATE OR REPLACE FUNCTION audit.mark_delivered(ids uuid[])
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count bigint;
BEGIN
    UPDATE audit.outbox AS o
    SET delivered_at = pg_catalog.clock_timestamp(), last_attempt_at = pg_catalog.clock_timestamp()
    WHERE o.id = ANY (mark_delivered.ids) AND o.delivered_at IS NULL;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION audit.mark_delivered(uuid[]) IS
'Marks outbox rows delivered (MongoDB acknowledged them); returns how many were still undelivered.';
