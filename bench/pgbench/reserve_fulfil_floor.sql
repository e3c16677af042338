-- The design's floor for reserve+fulfil on one SKU: the three ledger rows a
-- reservation and its fulfilment must write (reservation, release,
-- sale_issue), under the stock lock every call takes, with their triggers.
-- Written directly, as the bench's superuser: no reservation document, no
-- idempotency key, no validation.
BEGIN;
SELECT api.set_context(:tenant);
SELECT inventory.lock_stock(:tenant, ARRAY[:hot]::uuid[], ARRAY[:warehouse]::uuid[]);
INSERT INTO inventory.stock_movement
(tenant_id, movement_type, product_id, batch_id, location_id, quantity, reference_type, reference_id)
VALUES (:tenant, 'reservation', :hot, :hot_batch, :location, -1, 'reservation', gen_random_uuid());
INSERT INTO inventory.stock_movement
(tenant_id, movement_type, product_id, batch_id, location_id, quantity, reference_type, reference_id)
VALUES (:tenant, 'release', :hot, :hot_batch, :location, 1, 'reservation', gen_random_uuid());
INSERT INTO inventory.stock_movement
(tenant_id, movement_type, product_id, batch_id, location_id, quantity, reference_type, reference_id)
VALUES (:tenant, 'sale_issue', :hot, :hot_batch, :location, -1, 'reservation', gen_random_uuid());
END;
