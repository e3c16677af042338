-- How far each sales order has got: reserved, shipped, and how long it took.
CREATE OR REPLACE VIEW report.sales_order_fulfilment WITH (security_barrier = TRUE) AS
WITH lines AS (
    SELECT
        soi.tenant_id,
        soi.sales_order_id,
        count(*) AS line_count,
        sum(soi.quantity) AS quantity_ordered,
        coalesce(sum(r.quantity) FILTER (WHERE r.status = 'active'), 0) AS quantity_reserved
    FROM sales.sales_order_item AS soi
    LEFT JOIN inventory.reservation AS r ON soi.tenant_id = r.tenant_id AND soi.reservation_id = r.id
    GROUP BY soi.tenant_id, soi.sales_order_id
),

shipped AS (
    SELECT
        sh.tenant_id,
        sh.sales_order_id,
        sum(si.quantity) AS quantity_shipped
    FROM logistics.shipment AS sh
    INNER JOIN logistics.shipment_item AS si ON sh.tenant_id = si.tenant_id AND sh.id = si.shipment_id
    WHERE sh.status <> 'cancelled'
    GROUP BY sh.tenant_id, sh.sales_order_id
),

returned AS (
    SELECT
        soi.tenant_id,
        soi.sales_order_id,
        sum(b.quantity_returned) AS quantity_returned
    FROM sales.sales_order_item_batch AS b
    INNER JOIN sales.sales_order_item AS soi ON b.tenant_id = soi.tenant_id AND b.sales_order_item_id = soi.id
    GROUP BY soi.tenant_id, soi.sales_order_id
)

SELECT
    so.tenant_id,
    so.id AS sales_order_id,
    so.number,
    so.customer_id,
    c.code AS customer_code,
    so.status,
    so.currency,
    so.total_minor,
    coalesce(l.line_count, 0) AS line_count,
    coalesce(l.quantity_ordered, 0) AS quantity_ordered,
    coalesce(l.quantity_reserved, 0) AS quantity_reserved,
    coalesce(s.quantity_shipped, 0) AS quantity_shipped,
    round(100 * coalesce(s.quantity_shipped, 0) / nullif(l.quantity_ordered, 0), 1) AS shipped_percent,
    so.created_at,
    so.approved_at,
    so.shipped_at,
    round(extract(EPOCH FROM so.shipped_at - so.created_at) / 3600, 1) AS hours_to_ship,
    so.version,
    so.split_from_id,
    coalesce(rt.quantity_returned, 0) AS quantity_returned
FROM sales.sales_order AS so
INNER JOIN sales.customer AS c ON so.tenant_id = c.tenant_id AND so.customer_id = c.id
LEFT JOIN lines AS l ON so.tenant_id = l.tenant_id AND so.id = l.sales_order_id
LEFT JOIN shipped AS s ON so.tenant_id = s.tenant_id AND so.id = s.sales_order_id
LEFT JOIN returned AS rt ON so.tenant_id = rt.tenant_id AND so.id = rt.sales_order_id;

COMMENT ON VIEW report.sales_order_fulfilment IS
'Each sales order with its customer, status, quantities ordered, held by active reservations and shipped '
'(shipments not cancelled), the share shipped, the hours from creation to shipping, and version (what '
'api.approve_sales_order and api.cancel_sales_order take), and split_from_id, the order a backorder was split '
'from (api.split_sales_order), and quantity_returned, what came back (api.return_sales_order_item).';
