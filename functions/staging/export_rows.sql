-- The tenant's current rows of an import kind, in that import's own columns
-- and spellings (a category as its path of names, a warehouse by code), one
-- JSON object per row. `stockdb import template KIND --with-data` writes them
-- under the template's header, so a sheet edited in a spreadsheet imports back
-- with --mode upsert and changes only what was edited. Before it, a bulk
-- change of prices or reorder levels meant a template filled in by hand from
-- the reports, every row retyped. For cycle counts they are a count sheet.
-- The kinds that add stock or documents (opening stock, purchase orders) have
-- no such rows: imported back, they would add them twice.
-- A warehouse narrows the kinds that are per warehouse (locations, and count
-- sheets: a counter walks one warehouse, and a sheet of every warehouse was
-- filtered by hand in the spreadsheet, where a row deleted by mistake went
-- uncounted without a word).
CREATE OR REPLACE FUNCTION staging.export_rows(kind text, warehouse text DEFAULT NULL)
RETURNS SETOF jsonb
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_kind text;
    v_warehouse_id uuid;
BEGIN
    SELECT k.kind INTO v_kind FROM staging.require_kind(export_rows.kind) AS k;
    IF export_rows.warehouse IS NOT NULL THEN
        IF v_kind NOT IN ('locations', 'cycle_counts') THEN
            RAISE EXCEPTION 'an export of % takes no warehouse', v_kind
                USING ERRCODE = '22023',
                      DETAIL = format('warehouse => %s.', ops.quoted_excerpt(export_rows.warehouse)),
                      HINT = 'Only locations and cycle_counts are per warehouse; leave the warehouse out.';
        END IF;
        SELECT w.id INTO v_warehouse_id
        FROM warehouse.warehouse AS w
        WHERE w.tenant_id = v_tenant_id AND w.code = export_rows.warehouse;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'warehouse % not found', ops.named(export_rows.warehouse)
                USING ERRCODE = 'SD404',
                      DETAIL = 'No warehouse with this code belongs to the calling tenant.',
                      HINT = 'Pass the warehouse''s code, as the warehouse column of a locations or count sheet spells it.';
        END IF;
    END IF;
    CASE v_kind
        WHEN 'categories' THEN
            RETURN QUERY
            SELECT jsonb_build_object('path', cp.name_path)
            FROM catalog.category_paths(v_tenant_id) AS cp
            ORDER BY cp.name_path;
        WHEN 'products' THEN
            RETURN QUERY
            SELECT jsonb_build_object(
                'sku', p.sku, 'name', p.name, 'description', p.description, 'category', cp.name_path,
                'unit', p.unit, 'barcode', p.barcode, 'unit_price_minor', p.unit_price_minor,
                'currency', p.currency, 'min_stock_level', trim_scale(p.min_stock_level),
                'reorder_point', trim_scale(p.reorder_point), 'safety_stock_level', trim_scale(p.safety_stock_level),
                'max_stock_level', trim_scale(p.max_stock_level), 'lead_time_days', p.lead_time_days,
                'hs_code', p.hs_code, 'country_of_origin', p.country_of_origin, 'active', p.active
            )
            FROM catalog.product AS p
            LEFT JOIN catalog.category_paths(v_tenant_id) AS cp ON cp.id = p.category_id
            WHERE p.tenant_id = v_tenant_id AND p.deleted_at IS NULL
            ORDER BY p.sku;
        WHEN 'prices' THEN
            RETURN QUERY
            -- The priced ones: a prices import sets a price, and a row without
            -- one would be refused (a product's price is cleared in products).
            SELECT jsonb_build_object('sku', p.sku, 'unit_price_minor', p.unit_price_minor, 'currency', p.currency)
            FROM catalog.product AS p
            WHERE p.tenant_id = v_tenant_id AND p.deleted_at IS NULL AND p.unit_price_minor IS NOT NULL
            ORDER BY p.sku;
        WHEN 'suppliers' THEN
            RETURN QUERY
            SELECT jsonb_build_object(
                'code', s.code, 'name', s.name, 'email', s.email, 'phone', s.phone,
                'lead_time_days', s.lead_time_days
            )
            FROM procurement.supplier AS s
            WHERE s.tenant_id = v_tenant_id AND s.deleted_at IS NULL
            ORDER BY s.code;
        WHEN 'customers' THEN
            RETURN QUERY
            SELECT jsonb_build_object('code', c.code, 'name', c.name, 'email', c.email, 'phone', c.phone)
            FROM sales.customer AS c
            WHERE c.tenant_id = v_tenant_id AND c.deleted_at IS NULL
            ORDER BY c.code;
        WHEN 'locations' THEN
            RETURN QUERY
            SELECT jsonb_build_object(
                'warehouse', w.code, 'code', l.code, 'kind', l.kind, 'capacity', trim_scale(l.capacity),
                'active', l.active
            )
            FROM warehouse.location AS l
            JOIN warehouse.warehouse AS w ON w.tenant_id = l.tenant_id AND w.id = l.warehouse_id
            WHERE l.tenant_id = v_tenant_id AND (v_warehouse_id IS NULL OR w.id = v_warehouse_id)
            ORDER BY w.code, l.code;
        WHEN 'cycle_counts' THEN
            -- A count sheet: every place and batch that holds stock, in walking
            -- order, with counted_quantity left for the counter to fill in. The
            -- book quantity is not on it (a count that sees it copies it), and
            -- a row left empty is refused by the import, so none is skipped.
            RETURN QUERY
            SELECT jsonb_build_object(
                'sku', p.sku, 'warehouse', w.code, 'location', l.code, 'batch_number', b.batch_number,
                'counted_quantity', NULL, 'reason', NULL, 'counted_at', NULL
            )
            FROM inventory.inventory AS i
            JOIN catalog.product AS p ON p.tenant_id = i.tenant_id AND p.id = i.product_id
            JOIN warehouse.location AS l ON l.tenant_id = i.tenant_id AND l.id = i.location_id
            JOIN warehouse.warehouse AS w ON w.tenant_id = l.tenant_id AND w.id = l.warehouse_id
            LEFT JOIN catalog.product_batch AS b ON b.tenant_id = i.tenant_id AND b.id = i.batch_id
            WHERE i.tenant_id = v_tenant_id AND i.on_hand <> 0 AND p.deleted_at IS NULL
              AND (v_warehouse_id IS NULL OR w.id = v_warehouse_id)
            ORDER BY w.code, l.code, p.sku, b.batch_number NULLS FIRST;
        ELSE
            RAISE EXCEPTION 'an import of % has no rows to export', v_kind
                USING ERRCODE = '22023',
                      DETAIL = 'Opening stock and purchase orders add stock or documents: imported back, '
                               'exported rows would add them twice.',
                      HINT = 'Export categories, products, prices, suppliers, customers, locations or '
                             'cycle_counts (a count sheet); stockdb import template KIND gives the empty sheet.';
    END CASE;
END
$$;
COMMENT ON FUNCTION staging.export_rows(text, text) IS
'The calling tenant''s current rows of an import kind (categories, products, prices of the priced '
'products, suppliers, customers, locations), one JSON object per row keyed by the import''s columns, in '
'the spellings the import reads back; for cycle_counts a count sheet, each place and batch holding stock '
'with counted_quantity empty. A warehouse code narrows locations and cycle_counts to that warehouse. '
'Errors: 42501 without a tenant context, 22023 an unknown kind, one that adds stock or documents, or a '
'warehouse for a kind that is not per warehouse, SD404 an unknown warehouse.';
