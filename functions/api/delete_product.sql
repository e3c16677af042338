-- api.delete_product: soft delete. The schema kept deleted_at, live-only
-- unique keys and every read's "deleted_at IS NULL", and no call set it.
CREATE OR REPLACE FUNCTION api.delete_product(product_id uuid, version integer)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_product catalog.product;
    v_stock record;
    v_order text;
    v_open bigint;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.delete_product');
    PERFORM ops.require_id(delete_product.product_id, 'product_id', 'product');
    -- FOR UPDATE, not the NO KEY UPDATE the UPDATE below takes: it waits for
    -- the calls under way that hold the product FOR KEY SHARE (a receipt, an
    -- order line), so the checks below see what they wrote, and the calls
    -- after it wait and then find no product.
    SELECT p.* INTO v_product
    FROM catalog.product AS p
    WHERE p.tenant_id = v_tenant_id AND p.id = delete_product.product_id AND p.deleted_at IS NULL
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'product % not found', delete_product.product_id
            USING ERRCODE = 'SD404', DETAIL = 'No live product with this id belongs to the calling tenant.',
                  HINT = 'Check the id; a deleted product stays deleted.';
    END IF;
    PERFORM ops.check_version('product', v_product.id, delete_product.version, v_product.version);

    SELECT sum(i.on_hand) AS on_hand, sum(i.reserved) AS reserved, count(*) AS places INTO v_stock
    FROM inventory.inventory AS i
    WHERE i.tenant_id = v_tenant_id AND i.product_id = v_product.id AND i.deleted_at IS NULL
      AND (i.on_hand <> 0 OR i.reserved <> 0);
    IF v_stock.places > 0 THEN
        RAISE EXCEPTION 'product % still has stock', v_product.sku
            USING ERRCODE = '22023',
                  DETAIL = format('On hand %s, reserved %s, in %s balance row(s).',
                                  trim_scale(v_stock.on_hand), trim_scale(v_stock.reserved), v_stock.places),
                  HINT = 'Ship, transfer or write the stock off (an adjustment) and release its reservations first.';
    END IF;
    SELECT min(po.number), count(DISTINCT po.id) INTO v_order, v_open
    FROM procurement.purchase_order_item AS i
    JOIN procurement.purchase_order AS po ON po.tenant_id = i.tenant_id AND po.id = i.purchase_order_id
    WHERE i.tenant_id = v_tenant_id AND i.product_id = v_product.id AND po.status IN ('draft', 'ordered', 'partial');
    IF v_open > 0 THEN
        RAISE EXCEPTION 'product % is on open purchase order %', v_product.sku, v_order
            USING ERRCODE = '22023',
                  DETAIL = format('It is on %s purchase order(s) draft, ordered or partly received; %s is the first.',
                                  v_open, v_order),
                  HINT = 'Receive or cancel the purchase order first.';
    END IF;
    SELECT min(so.number), count(DISTINCT so.id) INTO v_order, v_open
    FROM sales.sales_order_item AS i
    JOIN sales.sales_order AS so ON so.tenant_id = i.tenant_id AND so.id = i.sales_order_id
    WHERE i.tenant_id = v_tenant_id AND i.product_id = v_product.id
      AND so.status IN ('pending', 'approved', 'processing');
    IF v_open > 0 THEN
        RAISE EXCEPTION 'product % is on open sales order %', v_product.sku, v_order
            USING ERRCODE = '22023',
                  DETAIL = format('It is on %s sales order(s) pending, approved or processing; %s is the first.',
                                  v_open, v_order),
                  HINT = 'Ship or cancel the sales order first.';
    END IF;

    UPDATE catalog.product AS p SET deleted_at = greatest(now(), p.updated_at)
    WHERE p.tenant_id = v_tenant_id AND p.id = v_product.id
    RETURNING p.version INTO v_version;
    -- Its out-of-stock (or low-stock) alerts cleared only on a movement, and a
    -- deleted product has none: they stayed open for good.
    PERFORM audit.set_alert(s.tenant_id, s.alert_type, s.subject, false, s.details)
    FROM audit.alert_state AS s
    WHERE s.tenant_id = v_tenant_id AND s.active AND s.details ->> 'product_id' = v_product.id::text
    ORDER BY s.alert_type, s.subject;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.delete_product(uuid, integer) IS
'Soft-deletes a product at the version the caller read and returns the new version: every call then finds '
'no such product (SD404), its SKU may be used again, its open alerts are resolved, and its ledger and '
'documents stay. Errors: 42501, '
'22023 no product_id, no version, stock on hand or reserved, a line on an open purchase or sales order, SD404 unknown '
'or already deleted, SD004 stale version.';
