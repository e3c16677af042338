-- Sales order lines as an application reads them: what each order asks for,
-- at what price, and the reservation that holds it.
CREATE OR REPLACE VIEW report.sales_order_lines WITH (security_barrier = TRUE) AS
SELECT
    soi.tenant_id,
    soi.id AS sales_order_item_id,
    soi.sales_order_id,
    so.number,
    so.status,
    soi.product_id,
    p.sku,
    soi.quantity,
    soi.unit_price_minor,
    soi.line_total_minor,
    so.currency,
    soi.reservation_id
FROM sales.sales_order_item AS soi
INNER JOIN sales.sales_order AS so ON soi.tenant_id = so.tenant_id AND soi.sales_order_id = so.id
INNER JOIN catalog.product AS p ON soi.tenant_id = p.tenant_id AND soi.product_id = p.id;

COMMENT ON VIEW report.sales_order_lines IS
'Each sales order line with its order''s number and status, price, line total and reservation_id '
'(once api.reserve_sales_order has reserved it).';
