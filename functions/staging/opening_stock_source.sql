-- An opening-stock batch's rows typed and resolved: product by SKU, warehouse
-- by code, location by code inside it, and the product's batch of that number
-- when it exists already.
CREATE OR REPLACE FUNCTION staging.opening_stock_source(tenant_id uuid, batch_id uuid)
RETURNS TABLE (
    row_number integer, sku text, product_id uuid, decimal_places smallint, product_currency text,
    warehouse text, warehouse_id uuid, location text, location_id uuid, quantity numeric,
    batch_number text, manufacture_date date, expiry_date date, unit_cost_minor bigint, currency text,
    product_batch_id uuid, known_manufacture_date date, known_expiry_date date
)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT
        r.row_number, staging.to_text(r.sku), p.id, u.decimal_places, p.currency::text,
        staging.to_text(r.warehouse), w.id, staging.to_text(r.location), l.id, staging.to_decimal(r.quantity),
        staging.to_text(r.batch_number), staging.to_date(r.manufacture_date), staging.to_date(r.expiry_date),
        staging.to_integer(r.unit_cost_minor), coalesce(staging.to_currency(r.currency), p.currency::text),
        b.id, b.manufacture_date, b.expiry_date
    FROM staging.opening_stock_row AS r
    LEFT JOIN catalog.product AS p
        ON p.tenant_id = r.tenant_id AND p.sku = staging.to_text(r.sku) AND p.deleted_at IS NULL
    LEFT JOIN catalog.unit AS u ON u.code = p.unit
    LEFT JOIN warehouse.warehouse AS w ON w.tenant_id = r.tenant_id AND w.code = staging.to_text(r.warehouse)
    LEFT JOIN warehouse.location AS l
        ON l.tenant_id = r.tenant_id AND l.warehouse_id = w.id AND l.code = staging.to_text(r.location)
    LEFT JOIN catalog.product_batch AS b
        ON b.tenant_id = r.tenant_id AND b.product_id = p.id AND b.batch_number = staging.to_text(r.batch_number)
    WHERE r.tenant_id = opening_stock_source.tenant_id AND r.batch_id = opening_stock_source.batch_id
$$;
COMMENT ON FUNCTION staging.opening_stock_source(uuid, uuid) IS
'The rows of an opening-stock batch typed, with the product, warehouse, location and existing batch they name.';
