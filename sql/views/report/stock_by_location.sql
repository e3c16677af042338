-- Stock where it lies: what api.record_movement, api.transfer_stock and
-- api.count_stock name (a location, and a batch where stock is held in one).
CREATE OR REPLACE VIEW report.stock_by_location WITH (security_barrier = TRUE) AS
SELECT
    i.tenant_id,
    i.product_id,
    p.sku,
    l.warehouse_id,
    w.code AS warehouse_code,
    i.location_id,
    l.code AS location_code,
    l.kind AS location_kind,
    i.batch_id,
    b.batch_number,
    b.expiry_date,
    i.on_hand,
    i.reserved,
    i.available,
    -- Allocation passes over it (api.hold_batch), though it counts as available.
    coalesce(b.held_at IS NOT NULL, FALSE) AS on_hold
FROM inventory.inventory AS i
INNER JOIN catalog.product AS p ON i.tenant_id = p.tenant_id AND i.product_id = p.id
INNER JOIN warehouse.location AS l ON i.tenant_id = l.tenant_id AND i.location_id = l.id
INNER JOIN warehouse.warehouse AS w ON l.tenant_id = w.tenant_id AND l.warehouse_id = w.id
LEFT JOIN catalog.product_batch AS b ON i.tenant_id = b.tenant_id AND i.batch_id = b.id
WHERE i.deleted_at IS NULL AND i.on_hand > 0;

COMMENT ON VIEW report.stock_by_location IS
'Every balance with stock on hand: product x location x batch (batch_id NULL for stock not held in a batch), '
'with on_hand, reserved and available, and on_hold when its batch is held (api.hold_batch): allocation '
'passes over such stock, which still counts as available.';
