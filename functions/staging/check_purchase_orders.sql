-- Rules of a purchase-orders import beyond single cells: new order numbers
-- only, known supplier, products and warehouse, the order's header the same on all its
-- rows, a product once per order, positive quantities in the product's unit.
CREATE OR REPLACE FUNCTION staging.check_purchase_orders(tenant_id uuid, batch_id uuid, mode text)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count integer;
    v_held uuid[];
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: purchase_order_source_rows (row_number integer, po_number text, '
            'existing_order_id uuid, supplier text, supplier_id uuid, currency text, expected_date '
            'date, sku text, product_id uuid, decimal_places smallint, quantity numeric, '
            'unit_cost_minor bigint, notes text, warehouse text, warehouse_id uuid, warehouse_active boolean)';
    PERFORM staging.lock_named_products(check_purchase_orders.tenant_id, check_purchase_orders.batch_id, 'purchase_order_row');
    -- The suppliers too, to the end of the transaction: api.delete_supplier
    -- waits for the import, and the import waits for a delete under way and
    -- then finds no supplier. Read without it, a supplier deleted between this
    -- check and the apply got the batch's orders.
    PERFORM count(*) FROM (
        SELECT FROM procurement.supplier AS x
        WHERE x.tenant_id = check_purchase_orders.tenant_id AND x.deleted_at IS NULL AND x.code IN (
            SELECT staging.to_text(r.supplier) FROM staging.purchase_order_row AS r
            WHERE r.tenant_id = check_purchase_orders.tenant_id AND r.batch_id = check_purchase_orders.batch_id
        )
        ORDER BY x.id
        FOR KEY SHARE OF x
    ) AS l;
    PERFORM staging.keep_source(
        'purchase_order_source', check_purchase_orders.tenant_id, check_purchase_orders.batch_id
    );
    -- A supplier added under a named code after that lock ran is read as live
    -- here (a later statement) without being held: soft-deleted before the
    -- apply, which its foreign key does not see, it got the batch's orders. So
    -- what the rows resolved is held now, and a supplier gone since resolves to
    -- none: its rows are reported, as they would be if the delete came first.
    SELECT coalesce(array_agg(l.id), '{}') INTO v_held FROM (
        SELECT x.id FROM procurement.supplier AS x
        WHERE x.tenant_id = check_purchase_orders.tenant_id AND x.deleted_at IS NULL
          AND x.id IN (SELECT s.supplier_id FROM pg_temp.purchase_order_source_rows AS s)
        ORDER BY x.id
        FOR KEY SHARE OF x
    ) AS l;
    IF (SELECT count(DISTINCT s.supplier_id) FROM pg_temp.purchase_order_source_rows AS s) > cardinality(v_held) THEN
        UPDATE pg_temp.purchase_order_source_rows AS s SET supplier_id = NULL
        WHERE s.supplier_id <> ALL (v_held);
    END IF;
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_purchase_orders.tenant_id, check_purchase_orders.batch_id, s.row_number,
           e.column_name, e.value, e.reason
    FROM (
        SELECT s.*,
               min(s.row_number) OVER (PARTITION BY s.po_number, s.sku) AS first_row,
               first_value(s.supplier) OVER w AS order_supplier,
               first_value(s.currency) OVER w AS order_currency,
               first_value(s.expected_date) OVER w AS order_expected_date,
               first_value(s.warehouse) OVER w AS order_warehouse,
               -- Notes may sit on any row of the order; the rows that give them must agree.
               first_value(s.notes) OVER n AS order_notes,
               first_value(s.row_number) OVER n AS order_notes_row,
               first_value(s.row_number) OVER w AS order_first_row,
               -- In numeric: the bigint totals it is checked against would overflow.
               sum(round(s.quantity * s.unit_cost_minor)) OVER (PARTITION BY s.po_number) AS order_total
        FROM pg_temp.purchase_order_source_rows AS s
        WINDOW w AS (PARTITION BY s.po_number ORDER BY s.row_number),
               n AS (PARTITION BY s.po_number ORDER BY s.notes IS NULL, s.row_number)
    ) AS s
    CROSS JOIN LATERAL (VALUES
        ('po_number', s.po_number,
         CASE WHEN s.existing_order_id IS NOT NULL THEN 'an order with this number exists already' END),
        ('supplier', s.supplier,
         CASE WHEN s.supplier_id IS NULL THEN 'no live supplier with this code'
              -- As api.create_purchase_order refuses it.
              WHEN s.supplier_id IN (
                  SELECT x.id FROM procurement.supplier AS x
                  WHERE x.tenant_id = check_purchase_orders.tenant_id AND NOT x.active
              ) THEN 'the supplier is inactive: reactivate it before ordering from it'
              WHEN s.supplier IS DISTINCT FROM s.order_supplier
                  THEN format('differs from row %s of the same order', s.order_first_row) END),
        ('currency', s.currency,
         CASE WHEN s.currency IS DISTINCT FROM s.order_currency
             THEN format('differs from row %s of the same order', s.order_first_row) END),
        ('expected_date', s.expected_date::text,
         CASE WHEN s.expected_date IS DISTINCT FROM s.order_expected_date
             THEN format('differs from row %s of the same order', s.order_first_row) END),
        ('notes', s.notes,
         CASE WHEN s.notes <> s.order_notes
             THEN format('differs from row %s of the same order', s.order_notes_row) END),
        ('warehouse', s.warehouse,
         CASE WHEN s.warehouse IS NOT NULL AND s.warehouse_id IS NULL THEN 'no warehouse with this code'
              -- As api.create_purchase_order refuses it.
              WHEN NOT s.warehouse_active THEN 'the warehouse is inactive: it takes no stock'
              WHEN s.warehouse IS DISTINCT FROM s.order_warehouse
                  THEN format('differs from row %s of the same order', s.order_first_row) END),
        ('sku', s.sku,
         CASE WHEN s.product_id IS NULL THEN 'no live product with this SKU'
              -- As api.add_purchase_order_item refuses it.
              WHEN s.product_id IN (
                  SELECT p.id FROM catalog.product AS p
                  WHERE p.tenant_id = check_purchase_orders.tenant_id AND NOT p.active
              ) THEN 'the product is inactive: reactivate it before ordering it'
              WHEN s.first_row <> s.row_number THEN format('same product as row %s of this order', s.first_row) END),
        ('quantity', trim_scale(s.quantity)::text,
         CASE WHEN s.quantity <= 0 THEN 'must be more than 0'
              WHEN s.quantity <> round(s.quantity, s.decimal_places)
                  THEN format('more decimals than the product''s unit allows (%s)', s.decimal_places) END),
        ('unit_cost_minor', s.unit_cost_minor::text,
         CASE WHEN s.unit_cost_minor < 0 THEN 'must be 0 or more'
              WHEN round(s.quantity * s.unit_cost_minor) > 9223372036854775807
                  THEN 'quantity * unit_cost_minor is too large for a line total'
              WHEN s.order_total > 9223372036854775807
                  THEN 'the order''s lines total more than 9223372036854775807' END)
    ) AS e (column_name, value, reason)
    WHERE e.reason IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_purchase_orders.tenant_id AND x.batch_id = check_purchase_orders.batch_id AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    -- A sheet that will be applied moves only products held since before the check.
    IF v_count = 0 THEN
        PERFORM staging.require_named_products_held(check_purchase_orders.tenant_id, check_purchase_orders.batch_id, 'purchase_order_row');
    END IF;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION staging.check_purchase_orders(uuid, uuid, text) IS
'Records the row errors of a purchase-orders batch (existing number, unknown supplier, product or '
'warehouse, an inactive supplier, product or warehouse, '
'header differing between rows of one order (notes between the rows that give them), duplicate lines, '
'quantities, line and order totals too large) and returns how many. Errors: 40001 when a product it names '
'was added after it took them (staging.require_named_products_held).';
