-- Gives up on parked rows MongoDB will never take (a document past its 16 MB
-- limit, say): they leave the outbox, and with them the warning of
-- `stockdb check`. Returns them, so the caller keeps the documents (the CLI
-- writes them to a file before it commits). Only named rows, never all.
-- SECURITY DEFINER: the relay's role reads and marks the outbox, and may
-- delete only this way, only parked rows.
CREATE OR REPLACE FUNCTION audit.discard_parked_outbox(ids uuid[])
RETURNS TABLE (id uuid, tenant_id uuid, kind text, collection text, created_at timestamptz, document jsonb)
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF cardinality(discard_parked_outbox.ids) IS NULL OR cardinality(discard_parked_outbox.ids) = 0 THEN
        RAISE EXCEPTION 'name the parked rows to discard'
            USING ERRCODE = '22023', DETAIL = 'audit.discard_parked_outbox was called with no id.',
                  HINT = 'stockdb relay parked lists them; pass each with --id.';
    END IF;
    PERFORM audit.require_parked(discard_parked_outbox.ids);
    RETURN QUERY
    DELETE FROM audit.outbox AS o
    WHERE o.id = ANY (discard_parked_outbox.ids) AND o.parked_at IS NOT NULL AND o.delivered_at IS NULL
    RETURNING o.id, o.tenant_id, o.kind, o.collection, o.created_at, o.document;
END
$$;
COMMENT ON FUNCTION audit.discard_parked_outbox(uuid[]) IS
'Deletes the parked outbox rows named by ids and returns them with their documents. Errors: 22023 no id, '
'SD404 an id that is not a parked row (nothing discarded).';
