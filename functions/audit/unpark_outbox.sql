-- Parked rows back in the queue, once what MongoDB refused is mended (a
-- validator replaced by `stockdb mongo setup`, say): all of them, or those
-- named. A named row that is not parked is an error and nothing moves.
CREATE OR REPLACE FUNCTION audit.unpark_outbox(ids uuid[] DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count bigint;
BEGIN
    PERFORM audit.require_parked(unpark_outbox.ids);
    UPDATE audit.outbox AS o SET parked_at = NULL
    WHERE o.parked_at IS NOT NULL AND o.delivered_at IS NULL
      AND (unpark_outbox.ids IS NULL OR o.id = ANY (unpark_outbox.ids));
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION audit.unpark_outbox(uuid[]) IS
'Returns parked outbox rows to the queue (the relay sends them again, in their place by position): every '
'one, or those in ids; says how many. Errors: SD404 an id that is not a parked row (nothing unparked).';
