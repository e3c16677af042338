-- Batches as an application reads them: a lot's id by its number, its dates,
-- the version api.update_batch takes, and whether it is on hold.
CREATE OR REPLACE VIEW report.batches WITH (security_barrier = TRUE) AS
SELECT
    b.tenant_id,
    b.id AS batch_id,
    b.product_id,
    p.sku,
    b.batch_number,
    b.manufacture_date,
    b.expiry_date,
    b.received_at,
    b.unit_cost_minor,
    b.currency,
    b.version,
    b.created_at,
    b.updated_at,
    b.held_at,
    b.hold_reason
FROM catalog.product_batch AS b
INNER JOIN catalog.product AS p ON b.tenant_id = p.tenant_id AND b.product_id = p.id
WHERE p.deleted_at IS NULL;

COMMENT ON VIEW report.batches IS
'The batches of the tenant''s products that are not deleted, with their dates, first receipt''s cost and '
'version (what api.update_batch, api.hold_batch and api.lift_batch_hold take), and held_at and hold_reason '
'while it is on hold.';
