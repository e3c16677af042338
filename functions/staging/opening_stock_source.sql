-- An opening-stock batch's rows typed and resolved: product by SKU, warehouse
-- by code, location by code inside it, and the product's batch of that number
-- when it exists already. Products, locations and batches are looked up row
-- by row through their unique keys (OFFSET 0 keeps each a per-row probe):
-- right after a bulk import the planner's statistics can still call those
-- tables empty, and a join it plans from them can compare every row with
-- every product.
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
    LEFT JOIN LATERAL (
        SELECT x.id, x.unit, x.currency FROM catalog.product AS x
        WHERE x.tenant_id = r.tenant_id AND x.sku = staging.to_text(r.sku) AND x.deleted_at IS NULL
        OFFSET 0
    ) AS p ON TRUE
    LEFT JOIN catalog.unit AS u ON u.code = p.unit
    LEFT JOIN warehouse.warehouse AS w ON w.tenant_id = r.tenant_id AND w.code = staging.to_text(r.warehouse)
    LEFT JOIN LATERAL (
        SELECT x.id FROM warehouse.location AS x
        WHERE x.tenant_id = r.tenant_id AND x.warehouse_id = w.id AND x.code = staging.to_text(r.location)
        OFFSET 0
    ) AS l ON TRUE
    LEFT JOIN LATERAL (
        SELECT x.id, x.manufacture_date, x.expiry_date FROM catalog.product_batch AS x
        WHERE x.tenant_id = r.tenant_id AND x.product_id = p.id AND x.batch_number = staging.to_text(r.batch_number)
        OFFSET 0
    ) AS b ON TRUE
    WHERE r.tenant_id = opening_stock_source.tenant_id AND r.batch_id = opening_stock_source.batch_id
$$;
COMMENT ON FUNCTION staging.opening_stock_source(uuid, uuid) IS
'The rows of an opening-stock batch typed, with the product, warehouse, location and existing batch they name.';
