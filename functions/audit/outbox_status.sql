-- What stockdb relay status shows: the backlog, how old it is, what failed,
-- and what was set aside.
CREATE OR REPLACE FUNCTION audit.outbox_status()
RETURNS TABLE (
    collection text, pending bigint, oldest_pending_at timestamptz, failing bigint,
    last_error text, delivered bigint, last_delivered_at timestamptz, parked bigint, last_parked_error text
)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT
        c.collection,
        (SELECT count(*) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NULL),
        (SELECT min(o.created_at) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NULL),
        (SELECT count(*) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NULL AND o.attempts > 0),
        (SELECT o.last_error FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NULL
           AND o.last_error IS NOT NULL
         ORDER BY o.last_attempt_at DESC LIMIT 1),
        (SELECT count(*) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NOT NULL),
        (SELECT max(o.delivered_at) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NOT NULL),
        (SELECT count(*) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NOT NULL),
        (SELECT o.last_error FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NOT NULL
         ORDER BY o.parked_at DESC LIMIT 1)
    FROM (VALUES ('audit_logs'), ('alerts')) AS c (collection)
$$;
COMMENT ON FUNCTION audit.outbox_status() IS
'Per MongoDB collection: rows waiting and the oldest of them, how many of those failed at least once and '
'the newest error, rows delivered and not yet purged, the last delivery, and rows parked (refused by '
'MongoDB for their document) with the newest of their errors.';
