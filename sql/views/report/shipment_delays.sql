-- Shipments on the road past the date they were expected.
CREATE OR REPLACE VIEW report.shipment_delays WITH (security_barrier = TRUE) AS
SELECT
    sh.tenant_id,
    sh.id AS shipment_id,
    sh.sales_order_id,
    so.number AS sales_order_number,
    ca.code AS carrier_code,
    sh.tracking_number,
    sh.status,
    sh.shipped_at,
    sh.expected_delivery_at,
    now() - sh.expected_delivery_at AS delay,
    ceil(extract(EPOCH FROM now() - sh.expected_delivery_at) / 86400)::integer AS days_late
FROM logistics.shipment AS sh
LEFT JOIN sales.sales_order AS so ON sh.tenant_id = so.tenant_id AND sh.sales_order_id = so.id
LEFT JOIN logistics.carrier AS ca ON sh.tenant_id = ca.tenant_id AND sh.carrier_id = ca.id
WHERE sh.status IN ('in_transit', 'delayed') AND sh.expected_delivery_at < now();

COMMENT ON VIEW report.shipment_delays IS
'Shipments in transit (or marked delayed) whose expected_delivery_at has passed, with how late they are '
'(days_late counts started days).';
