-- Locations as an application reads them: the version api.update_location
-- takes, and how much of a capacity is left before a placement is refused.
CREATE OR REPLACE VIEW report.locations WITH (security_barrier = TRUE) AS
SELECT
    l.tenant_id,
    l.id AS location_id,
    l.warehouse_id,
    w.code AS warehouse_code,
    l.code,
    l.kind,
    l.capacity,
    coalesce(held.on_hand, 0) AS on_hand,
    -- greatest() would turn a missing capacity into 0: no capacity is no limit.
    CASE WHEN l.capacity IS NOT NULL THEN greatest(l.capacity - coalesce(held.on_hand, 0), 0) END AS room,
    l.active,
    l.version,
    l.created_at,
    l.updated_at
FROM warehouse.location AS l
INNER JOIN warehouse.warehouse AS w ON l.tenant_id = w.tenant_id AND l.warehouse_id = w.id
LEFT JOIN LATERAL (
    SELECT sum(i.on_hand) AS on_hand
    FROM inventory.inventory AS i
    WHERE i.tenant_id = l.tenant_id AND i.location_id = l.id AND i.deleted_at IS NULL
) AS held ON TRUE;

COMMENT ON VIEW report.locations IS
'The tenant''s locations, inactive ones included: on_hand (all products together), room (what a receipt, '
'transfer in or return may still place; NULL without a capacity) and version (what api.update_location takes).';
