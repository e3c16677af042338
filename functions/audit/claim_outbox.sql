-- The relay's claim: the oldest undelivered rows nobody else holds. The row
-- locks last until the relay's transaction ends, after MongoDB acknowledged
-- and the rows are marked, so parallel relays never send the same row at
-- the same time, and a relay that dies releases its rows undelivered.
CREATE OR REPLACE FUNCTION audit.claim_outbox(batch_size integer)
RETURNS TABLE (
    id uuid, queue_position bigint, tenant_id uuid, collection text, document jsonb, created_at timestamptz
)
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF claim_outbox.batch_size IS NULL OR claim_outbox.batch_size NOT BETWEEN 1 AND 10000 THEN
        RAISE EXCEPTION 'batch_size must be between 1 and 10000'
            USING ERRCODE = '22023',
                  DETAIL = pg_catalog.format('audit.claim_outbox was called with batch_size => %s.',
                                             coalesce(claim_outbox.batch_size::text, 'NULL')),
                  HINT = 'The relay sends 500 by default.';
    END IF;
    RETURN QUERY
    SELECT o.id, o.position, o.tenant_id, o.collection, o.document, o.created_at
    FROM audit.outbox AS o
    WHERE o.delivered_at IS NULL AND o.parked_at IS NULL
    ORDER BY o.position
    LIMIT claim_outbox.batch_size
    FOR UPDATE SKIP LOCKED;
END
$$;
COMMENT ON FUNCTION audit.claim_outbox(integer) IS
'Locks and returns up to batch_size undelivered outbox rows in delivery order, skipping rows another '
'relay holds and parked rows (audit.park_outbox). Call it in a transaction and end that transaction after '
'audit.mark_delivered, audit.mark_failed or audit.park_outbox.';
