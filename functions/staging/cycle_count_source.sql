-- A cycle-count batch's rows typed and resolved, with what the balance of
-- that product × location × batch holds now.
-- Rows are matched to products, locations, batches and balances row by row through unique keys (OFFSET 0 keeps
-- each lookup a per-row probe): right after a bulk load the planner's
-- statistics can still call a table empty, and a join planned from them
-- can compare every row with every product.
CREATE OR REPLACE FUNCTION staging.cycle_count_source(tenant_id uuid, batch_id uuid)
RETURNS TABLE (
    row_number integer, sku text, product_id uuid, decimal_places smallint, warehouse text, warehouse_id uuid,
    location text, location_id uuid, batch_number text, lot_id uuid, counted_quantity numeric, reason text,
    on_hand numeric, reserved numeric
)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT
        r.row_number, staging.to_text(r.sku), p.id, u.decimal_places, staging.to_text(r.warehouse), w.id,
        staging.to_text(r.location), l.id, staging.to_text(r.batch_number), b.id,
        staging.to_decimal(r.counted_quantity), staging.to_text(r.reason),
        coalesce(i.on_hand, 0), coalesce(i.reserved, 0)
    FROM staging.cycle_count_row AS r
    LEFT JOIN LATERAL (
        SELECT x.id, x.unit FROM catalog.product AS x
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
        SELECT x.id FROM catalog.product_batch AS x
        WHERE x.tenant_id = r.tenant_id AND x.product_id = p.id AND x.batch_number = staging.to_text(r.batch_number)
        OFFSET 0
    ) AS b ON TRUE
    LEFT JOIN LATERAL (
        SELECT x.on_hand, x.reserved FROM inventory.inventory AS x
        WHERE x.tenant_id = r.tenant_id AND x.product_id = p.id AND x.location_id = l.id
          AND x.batch_id IS NOT DISTINCT FROM b.id AND x.deleted_at IS NULL
        OFFSET 0
    ) AS i ON TRUE
    WHERE r.tenant_id = cycle_count_source.tenant_id AND r.batch_id = cycle_count_source.batch_id
$$;
COMMENT ON FUNCTION staging.cycle_count_source(uuid, uuid) IS
'The rows of a cycle-count batch typed, with the product, location and batch they name and that '
'balance''s on_hand and reserved now.';
