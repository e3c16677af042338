-- What each shipment carried, per sales order line and batch, and how much of
-- it has come back: what api.return_sales_order_item takes (the line, and
-- the batch when the line shipped in several) and what it may still take.
CREATE OR REPLACE VIEW report.shipment_lines WITH (security_barrier = TRUE) AS
SELECT
    si.tenant_id,
    si.shipment_id,
    sh.sales_order_id,
    so.number AS sales_order_number,
    sh.warehouse_id,
    si.sales_order_item_id,
    si.product_id,
    p.sku,
    si.batch_id,
    b.batch_number,
    si.quantity,
    coalesce(r.quantity_returned, 0) AS quantity_returned
FROM (
    -- A line leaves in one row per batch and location it was reserved at.
    SELECT
        s.tenant_id,
        s.shipment_id,
        s.sales_order_item_id,
        s.product_id,
        s.batch_id,
        sum(s.quantity) AS quantity
    FROM logistics.shipment_item AS s
    GROUP BY s.tenant_id, s.shipment_id, s.sales_order_item_id, s.product_id, s.batch_id
) AS si
INNER JOIN logistics.shipment AS sh ON si.tenant_id = sh.tenant_id AND si.shipment_id = sh.id
INNER JOIN sales.sales_order AS so ON sh.tenant_id = so.tenant_id AND sh.sales_order_id = so.id
INNER JOIN catalog.product AS p ON si.tenant_id = p.tenant_id AND si.product_id = p.id
LEFT JOIN catalog.product_batch AS b ON si.tenant_id = b.tenant_id AND si.batch_id = b.id
LEFT JOIN sales.sales_order_item_batch AS r
    ON
        si.tenant_id = r.tenant_id AND si.sales_order_item_id = r.sales_order_item_id
        AND si.batch_id IS NOT DISTINCT FROM r.batch_id;

COMMENT ON VIEW report.shipment_lines IS
'What each shipment carried per sales order line and batch (quantity), with its sales order and warehouse, '
'and quantity_returned through api.return_sales_order_item.';
