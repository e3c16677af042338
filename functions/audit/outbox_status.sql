-- What stockdb relay status shows: the backlog, how old it is, what failed,
-- and what was set aside. One pass over the rows a relay may send, one over
-- the parked ones and one over the delivered ones, each through its own index
-- (0073, 0074), not one for each figure; the newest error is looked for only
-- where there is one.
CREATE OR REPLACE FUNCTION audit.outbox_status()
RETURNS TABLE (
    collection text, pending bigint, oldest_pending_at timestamptz, failing bigint,
    last_error text, delivered bigint, last_delivered_at timestamptz, parked bigint, last_parked_error text
)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH waiting AS (
        SELECT
            o.collection,
            count(*) AS pending,
            min(o.created_at) AS oldest_pending_at,
            count(*) FILTER (WHERE o.attempts > 0) AS failing,
            count(*) FILTER (WHERE o.last_error IS NOT NULL) AS with_error
        FROM audit.outbox AS o
        WHERE o.delivered_at IS NULL AND o.parked_at IS NULL
        GROUP BY o.collection
    ),
    parked AS (
        SELECT o.collection, count(*) AS parked
        FROM audit.outbox AS o
        WHERE o.delivered_at IS NULL AND o.parked_at IS NOT NULL
        GROUP BY o.collection
    ),
    delivered AS (
        SELECT o.collection, count(*) AS delivered, max(o.delivered_at) AS last_delivered_at
        FROM audit.outbox AS o
        WHERE o.delivered_at IS NOT NULL
        GROUP BY o.collection
    )
    SELECT
        c.collection,
        coalesce(w.pending, 0),
        w.oldest_pending_at,
        coalesce(w.failing, 0),
        CASE WHEN w.with_error > 0 THEN
            (SELECT o.last_error FROM audit.outbox AS o
             WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NULL
               AND o.last_error IS NOT NULL
             ORDER BY o.last_attempt_at DESC LIMIT 1)
        END,
        coalesce(d.delivered, 0),
        d.last_delivered_at,
        coalesce(p.parked, 0),
        CASE WHEN p.parked > 0 THEN
            (SELECT o.last_error FROM audit.outbox AS o
             WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NOT NULL
             ORDER BY o.parked_at DESC LIMIT 1)
        END
    FROM (VALUES (1, 'audit_logs'), (2, 'alerts')) AS c (place, collection)
    LEFT JOIN waiting AS w ON w.collection = c.collection
    LEFT JOIN parked AS p ON p.collection = c.collection
    LEFT JOIN delivered AS d ON d.collection = c.collection
    ORDER BY c.place
$$;
COMMENT ON FUNCTION audit.outbox_status() IS
'Per MongoDB collection: rows waiting and the oldest of them, how many of those failed at least once and '
'the newest error, rows delivered and not yet purged, the last delivery, and rows parked (refused by '
'MongoDB for their document) with the newest of their errors.';
