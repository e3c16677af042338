-- Purchase order lines as an application reads them: the item id
-- api.receive_purchase_order_item takes, and what is still to come.
CREATE OR REPLACE VIEW report.purchase_order_lines WITH (security_barrier = TRUE) AS
SELECT
    poi.tenant_id,
    poi.id AS purchase_order_item_id,
    poi.purchase_order_id,
    po.number,
    po.status,
    poi.product_id,
    p.sku,
    poi.quantity_ordered,
    poi.quantity_received,
    CASE
        WHEN po.status IN ('ordered', 'partial')
            THEN greatest(poi.quantity_ordered - poi.quantity_received, 0)
        ELSE 0
    END AS quantity_open,
    poi.unit_cost_minor,
    poi.line_total_minor,
    po.currency
FROM procurement.purchase_order_item AS poi
INNER JOIN procurement.purchase_order AS po ON poi.tenant_id = po.tenant_id AND poi.purchase_order_id = po.id
INNER JOIN catalog.product AS p ON poi.tenant_id = p.tenant_id AND poi.product_id = p.id;

COMMENT ON VIEW report.purchase_order_lines IS
'Each purchase order line with its order''s number and status: quantity_open is what can still be '
'received (none unless the order is ordered or partial). A partner sees its own supplier''s lines only.';
