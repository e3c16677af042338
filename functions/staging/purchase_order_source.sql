-- A purchase-orders batch's rows typed and resolved: supplier by code,
-- product by SKU, and whether an order of that number exists already.
-- Rows are matched to orders, suppliers and products row by row through unique keys (OFFSET 0 keeps
-- each lookup a per-row probe): right after a bulk load the planner's
-- statistics can still call a table empty, and a join planned from them
-- can compare every row with every product.
CREATE OR REPLACE FUNCTION staging.purchase_order_source(tenant_id uuid, batch_id uuid)
RETURNS TABLE (
    row_number integer, po_number text, existing_order_id uuid, supplier text, supplier_id uuid,
    currency text, expected_date date, sku text, product_id uuid, decimal_places smallint,
    quantity numeric, unit_cost_minor bigint, notes text
)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT
        r.row_number, staging.to_text(r.po_number), po.id, staging.to_text(r.supplier), s.id,
        staging.to_currency(r.currency), staging.to_date(r.expected_date), staging.to_text(r.sku), p.id,
        u.decimal_places, staging.to_decimal(r.quantity), staging.to_integer(r.unit_cost_minor),
        staging.to_text(r.notes)
    FROM staging.purchase_order_row AS r
    LEFT JOIN LATERAL (
        SELECT x.id FROM procurement.purchase_order AS x
        WHERE x.tenant_id = r.tenant_id AND x.number = staging.to_text(r.po_number)
        OFFSET 0
    ) AS po ON TRUE
    LEFT JOIN LATERAL (
        SELECT x.id FROM procurement.supplier AS x
        WHERE x.tenant_id = r.tenant_id AND x.code = staging.to_text(r.supplier) AND x.deleted_at IS NULL
        OFFSET 0
    ) AS s ON TRUE
    LEFT JOIN LATERAL (
        SELECT x.id, x.unit FROM catalog.product AS x
        WHERE x.tenant_id = r.tenant_id AND x.sku = staging.to_text(r.sku) AND x.deleted_at IS NULL
        OFFSET 0
    ) AS p ON TRUE
    LEFT JOIN catalog.unit AS u ON u.code = p.unit
    WHERE r.tenant_id = purchase_order_source.tenant_id AND r.batch_id = purchase_order_source.batch_id
$$;
COMMENT ON FUNCTION staging.purchase_order_source(uuid, uuid) IS
'The rows of a purchase-orders batch typed, with the supplier, product and any existing order they name.';
