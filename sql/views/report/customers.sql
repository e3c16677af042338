-- Customers as an application reads them: a customer's id by its code, and
-- the version api.update_customer and api.delete_customer take.
CREATE OR REPLACE VIEW report.customers WITH (security_barrier = TRUE) AS
SELECT
    c.tenant_id,
    c.id AS customer_id,
    c.code,
    c.name,
    c.email,
    c.phone,
    c.billing_address,
    c.shipping_address,
    c.active,
    c.version,
    c.created_at,
    c.updated_at
FROM sales.customer AS c
WHERE c.deleted_at IS NULL;

COMMENT ON VIEW report.customers IS
'The tenant''s customers that are not deleted, inactive ones included, with version (what '
'api.update_customer and api.delete_customer take).';
