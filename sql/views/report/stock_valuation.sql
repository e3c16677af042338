-- What the stock is worth: each batch at its own unit cost (specific
-- identification), so no average hides an expensive batch.
CREATE OR REPLACE VIEW report.stock_valuation WITH (security_barrier = TRUE) AS
SELECT
    i.tenant_id,
    i.product_id,
    p.sku,
    l.warehouse_id,
    w.code AS warehouse_code,
    b.currency,
    sum(i.on_hand) AS on_hand,
    sum(round(i.on_hand * b.unit_cost_minor))::bigint AS value_minor
FROM inventory.inventory AS i
INNER JOIN warehouse.location AS l ON i.tenant_id = l.tenant_id AND i.location_id = l.id
INNER JOIN warehouse.warehouse AS w ON l.tenant_id = w.tenant_id AND l.warehouse_id = w.id
INNER JOIN catalog.product AS p ON i.tenant_id = p.tenant_id AND i.product_id = p.id
LEFT JOIN catalog.product_batch AS b ON i.tenant_id = b.tenant_id AND i.batch_id = b.id
WHERE i.deleted_at IS NULL AND i.on_hand > 0
GROUP BY i.tenant_id, i.product_id, p.sku, l.warehouse_id, w.code, b.currency;

COMMENT ON VIEW report.stock_valuation IS
'Value of stock on hand per product x warehouse x currency, each batch at its unit_cost_minor '
'(minor units, rounded per balance row). Stock without a batch or without a cost forms a row with '
'currency and value_minor NULL: quantity that has no value yet.';
