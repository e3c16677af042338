-- The calling tenant's rows of ops.slow_movers: the materialised view holds
-- every tenant and cannot carry row security, so this view filters it.
CREATE OR REPLACE VIEW report.slow_movers WITH (security_barrier = TRUE) AS
SELECT
    m.tenant_id,
    m.product_id,
    m.warehouse_id,
    m.on_hand,
    m.outbound_90d,
    m.last_outbound_day,
    m.days_since_outbound
FROM ops.slow_movers AS m
WHERE
    m.tenant_id = (SELECT nullif(pg_catalog.current_setting('stockdb.tenant_id', TRUE), '')::uuid)
    -- A row shows when its warehouse does: the warehouse's row security (a
    -- partner sees none) stands in for the one a materialised view lacks.
    AND EXISTS (
        SELECT 1 FROM warehouse.warehouse AS w
        WHERE w.tenant_id = m.tenant_id AND w.id = m.warehouse_id
    );

COMMENT ON VIEW report.slow_movers IS
'Product x warehouse holding stock whose sales and consumption over the trailing 90 days are below '
'10 % of what is on hand (or nil), for the calling tenant. Refreshed by ops.refresh_reports() '
'(ops.slow_movers).';
