-- Where each purchase order stands, and whether it is late.
CREATE OR REPLACE VIEW report.purchase_order_status WITH (security_barrier = TRUE) AS
SELECT
    po.tenant_id,
    po.id AS purchase_order_id,
    po.number,
    po.supplier_id,
    s.code AS supplier_code,
    s.name AS supplier_name,
    po.status,
    po.currency,
    po.total_minor,
    count(poi.id) AS line_count,
    coalesce(sum(poi.quantity_ordered), 0) AS quantity_ordered,
    coalesce(sum(poi.quantity_received), 0) AS quantity_received,
    round(100 * coalesce(sum(poi.quantity_received), 0) / nullif(sum(poi.quantity_ordered), 0), 1) AS received_percent,
    po.ordered_at,
    po.expected_at,
    po.received_at,
    po.status IN ('ordered', 'partial') AND po.expected_at < now() AS overdue,
    po.version,
    po.warehouse_id,
    w.code AS warehouse_code
FROM procurement.purchase_order AS po
INNER JOIN procurement.supplier AS s ON po.tenant_id = s.tenant_id AND po.supplier_id = s.id
LEFT JOIN warehouse.warehouse AS w ON po.tenant_id = w.tenant_id AND po.warehouse_id = w.id
LEFT JOIN procurement.purchase_order_item AS poi ON po.tenant_id = poi.tenant_id AND po.id = poi.purchase_order_id
GROUP BY po.tenant_id, po.id, s.tenant_id, s.id, w.tenant_id, w.id;

COMMENT ON VIEW report.purchase_order_status IS
'Each purchase order with its supplier, status, lines, quantities ordered and received, the share received, '
'overdue (ordered or partial past expected_at), version (what api.add_purchase_order_item, '
'api.submit_purchase_order and api.cancel_purchase_order take) and the warehouse its goods are for (NULL: any).';
