-- The ledger as an application reads it: what happened to a product's
-- stock (a stock card), what a document moved, what the id an api call
-- returned stands for. Read it by product and time, by location and time,
-- or by reference (the ledger's indexes); the ledger is partitioned by
-- month on occurred_at, so a time range reads only its months. An id alone
-- reads every month (its key leads with occurred_at).
CREATE OR REPLACE VIEW report.stock_movements WITH (security_barrier = TRUE) AS
SELECT
    m.tenant_id,
    m.id AS movement_id,
    m.occurred_at,
    m.movement_type,
    m.product_id,
    p.sku,
    m.batch_id,
    b.batch_number,
    m.location_id,
    l.code AS location_code,
    l.warehouse_id,
    w.code AS warehouse_code,
    m.quantity,
    m.reference_type,
    m.reference_id,
    m.reason,
    m.idempotency_key,
    m.created_by,
    m.created_at
FROM inventory.stock_movement AS m
INNER JOIN catalog.product AS p ON m.tenant_id = p.tenant_id AND m.product_id = p.id
INNER JOIN warehouse.location AS l ON m.tenant_id = l.tenant_id AND m.location_id = l.id
INNER JOIN warehouse.warehouse AS w ON l.tenant_id = w.tenant_id AND l.warehouse_id = w.id
LEFT JOIN catalog.product_batch AS b ON m.tenant_id = b.tenant_id AND m.batch_id = b.id;

COMMENT ON VIEW report.stock_movements IS
'Every ledger row of the calling tenant: when, which type, product, batch, location and warehouse, the '
'signed quantity, the document it belongs to (reference_type, reference_id), reason, idempotency key and '
'user. Filter by product_id or location_id with a range of occurred_at, or by reference_type and '
'reference_id: those are indexed. A movement_id alone is not: bound occurred_at too.';
