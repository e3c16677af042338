-- The calling tenant's rows of ops.inventory_turnover: the materialised view
-- holds every tenant and cannot carry row security, so this view filters it.
CREATE OR REPLACE VIEW report.inventory_turnover WITH (security_barrier = TRUE) AS
SELECT
    m.tenant_id,
    m.product_id,
    m.warehouse_id,
    m.issued_365d,
    m.on_hand_at_start,
    m.on_hand_now,
    m.average_on_hand,
    m.turnover,
    m.days_of_supply
FROM ops.inventory_turnover AS m
WHERE
    m.tenant_id = (SELECT nullif(pg_catalog.current_setting('stockdb.tenant_id', TRUE), '')::uuid)
    -- A row shows when its warehouse does: the warehouse's row security (a
    -- partner sees none) stands in for the one a materialised view lacks.
    AND EXISTS (
        SELECT 1 FROM warehouse.warehouse AS w
        WHERE w.tenant_id = m.tenant_id AND w.id = m.warehouse_id
    );

COMMENT ON VIEW report.inventory_turnover IS
'Per product x warehouse over the trailing 365 days, for the calling tenant: quantity sold or consumed, '
'on hand at the start (now minus the period''s net change) and now, their average, turnover '
'(issued / average) and days of supply at the period''s rate. Refreshed by ops.refresh_reports() '
'(ops.inventory_turnover).';
