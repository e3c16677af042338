-- A row MongoDB refused on its own, set aside so the rows behind it go on:
-- kept undelivered with its error, and not claimed again until unparked.
CREATE OR REPLACE FUNCTION audit.park_outbox(id uuid, error text)
RETURNS boolean
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE audit.outbox AS o
    SET parked_at = pg_catalog.clock_timestamp(),
        attempts = o.attempts + 1,
        last_attempt_at = pg_catalog.clock_timestamp(),
        last_error = pg_catalog.left(coalesce(park_outbox.error, 'unknown error'), 2000)
    WHERE o.id = park_outbox.id AND o.delivered_at IS NULL;
    RETURN FOUND;
END
$$;
COMMENT ON FUNCTION audit.park_outbox(uuid, text) IS
'Sets an undelivered outbox row aside (parked_at) with the error MongoDB gave for its document alone; '
'audit.claim_outbox skips it until audit.unpark_outbox. Returns whether a row was parked.';
