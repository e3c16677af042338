-- Shipments as an application reads them: the id api.add_tracking_event
-- takes, and where each shipment stands.
CREATE OR REPLACE VIEW report.shipments WITH (security_barrier = TRUE) AS
SELECT
    sh.tenant_id,
    sh.id AS shipment_id,
    sh.sales_order_id,
    so.number AS sales_order_number,
    sh.warehouse_id,
    c.code AS carrier_code,
    sh.tracking_number,
    sh.status,
    sh.shipped_at,
    sh.expected_delivery_at,
    sh.delivered_at
FROM logistics.shipment AS sh
INNER JOIN sales.sales_order AS so ON sh.tenant_id = so.tenant_id AND sh.sales_order_id = so.id
LEFT JOIN logistics.carrier AS c ON sh.tenant_id = c.tenant_id AND sh.carrier_id = c.id;

COMMENT ON VIEW report.shipments IS
'Each shipment with its sales order, carrier code, tracking number, status and delivery dates.';
