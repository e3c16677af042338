-- Is there a recent good backup? One row, even when there is none, so a
-- monitor can alert on stale = true without special cases. 26 hours: a
-- daily backup plus two hours of slack.
CREATE OR REPLACE VIEW ops.backup_health AS
WITH last_good AS (
    SELECT
        g.id,
        g.finished_at,
        g.verify_status,
        g.verified_at
    FROM ops.backup AS g
    WHERE g.status = 'ok'
    ORDER BY g.finished_at DESC
    LIMIT 1
),

failed AS (
    SELECT f.started_at
    FROM ops.backup AS f
    WHERE
        f.status = 'failed'
        -- Killed outright (SIGKILL, the out-of-memory killer, the machine
        -- down), a dump stays running: it is dead when the session lock
        -- stockdb backup create holds for the whole run is gone. Not a base
        -- backup: the cluster recovered from one holds its row as running.
        OR (
            f.status = 'running' AND f.kind = 'dump' AND NOT EXISTS (
                SELECT FROM ops.advisory_lock_holders(pg_catalog.hashtextextended('stockdb backup ' || f.id, 0))
            )
        )
)

SELECT
    b.id AS last_good_backup,
    b.finished_at,
    now() - b.finished_at AS age,
    b.verify_status = 'ok' AS verified,
    b.verified_at,
    coalesce(now() - b.finished_at > o.stale_after, TRUE) AS stale,
    count(f.started_at) AS failed_since,
    -- last: CREATE OR REPLACE VIEW may only add columns at the end
    o.stale_after
-- One row even without a backup.
FROM (SELECT interval '26 hours' AS stale_after) AS o
LEFT JOIN last_good AS b ON TRUE
LEFT JOIN failed AS f ON f.started_at > coalesce(b.finished_at, '-infinity')
GROUP BY b.id, b.finished_at, b.verify_status, b.verified_at, o.stale_after;

COMMENT ON VIEW ops.backup_health IS
'The newest successful backup, its age and whether a restore verified it; stale when it is older than '
'stale_after (26 hours) or there is none; failed_since counts failed backups after it, and the dumps still '
'recorded as running that no session holds (killed before they ended).';
