-- Applies a validated purchase-orders batch: one draft order per number, its
-- lines after it; the order total follows by trigger.
CREATE OR REPLACE FUNCTION staging.apply_purchase_orders(
    tenant_id uuid, batch_id uuid, mode text,
    OUT inserted integer, OUT updated integer, OUT unchanged integer
)
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: purchase_order_source_rows (row_number integer, po_number text, '
            'existing_order_id uuid, supplier text, supplier_id uuid, currency text, expected_date '
            'date, sku text, product_id uuid, decimal_places smallint, quantity numeric, '
            'unit_cost_minor bigint, notes text, warehouse text, warehouse_id uuid, warehouse_active boolean)';
    PERFORM staging.keep_source(
        'purchase_order_source', apply_purchase_orders.tenant_id, apply_purchase_orders.batch_id
    );
    INSERT INTO procurement.purchase_order (
        tenant_id, number, supplier_id, currency, expected_at, notes, created_by, warehouse_id
    )
    SELECT DISTINCT ON (s.po_number)
        apply_purchase_orders.tenant_id, s.po_number, s.supplier_id, s.currency,
        -- The day begins at midnight where the goods are for; an order for any
        -- warehouse has only the session's zone to go by.
        CASE WHEN w.id IS NULL THEN s.expected_date::timestamptz
             ELSE s.expected_date::timestamp AT TIME ZONE w.timezone END,
        s.notes, auth.current_user_id(), s.warehouse_id
    FROM pg_temp.purchase_order_source_rows AS s
    LEFT JOIN warehouse.warehouse AS w ON w.tenant_id = apply_purchase_orders.tenant_id AND w.id = s.warehouse_id
    -- A row that gives notes, where one does: the rest of the header is the
    -- same on every row (check_purchase_orders), and so are the notes given.
    ORDER BY s.po_number, s.notes IS NULL, s.row_number;

    INSERT INTO procurement.purchase_order_item (
        tenant_id, purchase_order_id, product_id, quantity_ordered, unit_cost_minor
    )
    SELECT apply_purchase_orders.tenant_id, po.id, s.product_id, s.quantity, s.unit_cost_minor
    FROM pg_temp.purchase_order_source_rows AS s
    JOIN procurement.purchase_order AS po
        ON po.tenant_id = apply_purchase_orders.tenant_id AND po.number = s.po_number
    ORDER BY po.id, s.row_number;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    updated := 0;
    unchanged := 0;
END
$$;
COMMENT ON FUNCTION staging.apply_purchase_orders(uuid, uuid, text) IS
'Creates the draft purchase orders of a validated batch with their lines (inserted counts lines); '
'expected_date is midnight in the time zone of the order''s warehouse, or the session''s for an order '
'that names none.';
