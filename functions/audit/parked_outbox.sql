-- What the relay set aside, row by row, for an operator to decide on: mend
-- and retry (audit.unpark_outbox), or give up on (audit.discard_parked_outbox).
CREATE OR REPLACE FUNCTION audit.parked_outbox()
RETURNS TABLE (
    id uuid, tenant_id uuid, kind text, collection text, created_at timestamptz, parked_at timestamptz,
    attempts integer, last_error text, document_bytes integer
)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT o.id, o.tenant_id, o.kind, o.collection, o.created_at, o.parked_at, o.attempts, o.last_error,
           pg_column_size(o.document)
    FROM audit.outbox AS o
    WHERE o.parked_at IS NOT NULL AND o.delivered_at IS NULL
    ORDER BY o.position
$$;
COMMENT ON FUNCTION audit.parked_outbox() IS
'The parked outbox rows, oldest first: id, tenant, kind, collection, when made and parked, attempts, '
'the error MongoDB gave, and the stored size of the document.';
