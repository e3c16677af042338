-- Reservations as an application reads them: the id api.release_reservation
-- and api.fulfil_reservation take, and what each holds.
CREATE OR REPLACE VIEW report.reservations WITH (security_barrier = TRUE) AS
SELECT
    r.tenant_id,
    r.id AS reservation_id,
    r.product_id,
    p.sku,
    r.warehouse_id,
    w.code AS warehouse_code,
    r.quantity,
    r.status,
    r.reference,
    so.sales_order_id,
    r.expires_at,
    r.created_at,
    r.released_at,
    r.fulfilled_at,
    r.version
FROM inventory.reservation AS r
INNER JOIN catalog.product AS p ON r.tenant_id = p.tenant_id AND r.product_id = p.id
INNER JOIN warehouse.warehouse AS w ON r.tenant_id = w.tenant_id AND r.warehouse_id = w.id
LEFT JOIN LATERAL (
    SELECT soi.sales_order_id
    FROM sales.sales_order_item AS soi
    WHERE soi.tenant_id = r.tenant_id AND soi.reservation_id = r.id
    ORDER BY soi.sales_order_id
    LIMIT 1
) AS so ON TRUE;

COMMENT ON VIEW report.reservations IS
'Each reservation: product, warehouse, quantity, status, reference, expires_at and, for a sales order''s, '
'sales_order_id (which api.ship_sales_order or api.cancel_sales_order settles, not release or fulfil), '
'and version (what api.update_reservation takes).';
