-- A purchase-orders batch's rows typed and resolved: supplier by code,
-- product by SKU, warehouse by code, and whether an order of that number
-- exists already.
CREATE OR REPLACE FUNCTION staging.purchase_order_source(tenant_id uuid, batch_id uuid)
RETURNS TABLE (
    row_number integer, po_number text, existing_order_id uuid, supplier text, supplier_id uuid,
    currency text, expected_date date, sku text, product_id uuid, decimal_places smallint,
    quantity numeric, unit_cost_minor bigint, notes text, warehouse text, warehouse_id uuid,
    warehouse_active boolean
)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT
        r.row_number, staging.to_text(r.po_number), po.id, staging.to_text(r.supplier), s.id,
        staging.to_currency(r.currency), staging.to_date(r.expected_date), staging.to_text(r.sku), p.id,
        u.decimal_places, staging.to_decimal(r.quantity), staging.to_integer(r.unit_cost_minor),
        staging.to_text(r.notes), staging.to_text(r.warehouse), w.id, w.active
    FROM staging.purchase_order_row AS r
    LEFT JOIN procurement.purchase_order AS po
        ON po.tenant_id = r.tenant_id AND po.number = staging.to_text(r.po_number)
    LEFT JOIN procurement.supplier AS s
        ON s.tenant_id = r.tenant_id AND s.code = staging.to_text(r.supplier) AND s.deleted_at IS NULL
    LEFT JOIN catalog.product AS p
        ON p.tenant_id = r.tenant_id AND p.sku = staging.to_text(r.sku) AND p.deleted_at IS NULL
    LEFT JOIN catalog.unit AS u ON u.code = p.unit
    LEFT JOIN warehouse.warehouse AS w
        ON w.tenant_id = r.tenant_id AND w.code = staging.to_text(r.warehouse)
    WHERE r.tenant_id = purchase_order_source.tenant_id AND r.batch_id = purchase_order_source.batch_id
$$;
COMMENT ON FUNCTION staging.purchase_order_source(uuid, uuid) IS
'The rows of a purchase-orders batch typed, with the supplier, product, warehouse and any existing order they '
'name.';
