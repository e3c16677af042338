-- Alerts raised and not cleared, straight from PostgreSQL: readable with
-- MongoDB down, and the truth MongoDB's alerts collection follows.
CREATE OR REPLACE VIEW report.open_alerts WITH (security_barrier = TRUE) AS
SELECT
    s.tenant_id,
    s.alert_type,
    s.subject,
    s.raised_at,
    s.raise_count,
    (s.details ->> 'product_id')::uuid AS product_id,
    s.details ->> 'sku' AS sku,
    (s.details ->> 'warehouse_id')::uuid AS warehouse_id,
    s.details
FROM audit.alert_state AS s
WHERE s.active;

COMMENT ON VIEW report.open_alerts IS
'Alert conditions currently raised (low_stock, out_of_stock, batch_expiring, shipment_delayed, integrity), '
'with when they were last raised, how often, and the values they were raised with.';
