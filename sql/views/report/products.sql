-- The live catalogue as an application reads it: a product's id by its SKU,
-- and the version api.update_product and api.delete_product take.
CREATE OR REPLACE VIEW report.products WITH (security_barrier = TRUE) AS
SELECT
    p.tenant_id,
    p.id AS product_id,
    p.sku,
    p.name,
    p.description,
    p.category_id,
    c.name_path AS category_path,
    p.unit,
    p.barcode,
    p.attributes,
    p.unit_price_minor,
    p.currency,
    p.min_stock_level,
    p.reorder_point,
    p.safety_stock_level,
    p.max_stock_level,
    p.lead_time_days,
    p.expiry_alert_days,
    p.hs_code,
    p.country_of_origin,
    p.preferred_supplier_id,
    p.active,
    p.version,
    p.created_at,
    p.updated_at
FROM catalog.product AS p
LEFT JOIN report.categories AS c ON p.tenant_id = c.tenant_id AND p.category_id = c.category_id
WHERE p.deleted_at IS NULL;

COMMENT ON VIEW report.products IS
'The tenant''s products that are not deleted, inactive ones included, with version (what '
'api.update_product and api.delete_product take) and category_path (Tools/Hand tools).';
