-- The design's floor: what record_movement cannot go below. One ledger row
-- written directly (as the bench's superuser, so without row security), with
-- its foreign keys and triggers (balance, alerts, reports) and the context
-- call every api transaction makes; no idempotency key, validation or lock.
\set n random(1, :products)
BEGIN;
SELECT api.set_context(:tenant);
INSERT INTO inventory.stock_movement (tenant_id, movement_type, product_id, location_id, quantity, reason)
VALUES (:tenant, 'adjustment', (SELECT bp.id FROM public.bench_product AS bp WHERE bp.n = :n), :location, 1, 'bench');
END;
