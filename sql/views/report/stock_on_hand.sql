-- Stock per product × warehouse, judged against the product's levels by
-- what of it can be sold (inventory.sellable_stock), as the stock alerts are.
CREATE OR REPLACE VIEW report.stock_on_hand WITH (security_barrier = TRUE) AS
SELECT
    i.tenant_id,
    i.product_id,
    p.sku,
    p.name AS product_name,
    i.warehouse_id,
    w.code AS warehouse_code,
    sum(i.on_hand) AS on_hand,
    sum(i.reserved) AS reserved,
    sum(i.available) AS available,
    p.safety_stock_level,
    p.reorder_point,
    p.max_stock_level,
    CASE
        WHEN sum(i.sellable) <= 0 THEN 'out_of_stock'
        WHEN sum(i.sellable) < p.safety_stock_level THEN 'below_safety'
        WHEN p.reorder_point > 0 AND sum(i.sellable) <= p.reorder_point THEN 'reorder'
        WHEN sum(i.on_hand) > p.max_stock_level THEN 'overstock'
        ELSE 'ok'
    END AS stock_status,
    sum(i.sellable) AS sellable
FROM inventory.sellable_stock AS i
INNER JOIN warehouse.warehouse AS w ON i.tenant_id = w.tenant_id AND i.warehouse_id = w.id
INNER JOIN catalog.product AS p ON i.tenant_id = p.tenant_id AND i.product_id = p.id
WHERE p.deleted_at IS NULL
GROUP BY i.tenant_id, i.product_id, i.warehouse_id, p.tenant_id, p.id, w.tenant_id, w.id;

COMMENT ON VIEW report.stock_on_hand IS
'On hand, reserved, available and sellable (available that allocation may take: not on hold, expired or in '
'quarantine or an inactive location) per product x warehouse where the product has ever had a balance, '
'with stock_status: out_of_stock (nothing sellable), below_safety (sellable < safety_stock_level), '
'reorder (sellable <= reorder_point), overstock (on hand > max_stock_level) or ok, judged in that order.';
