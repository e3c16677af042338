-- api.cancel_sales_order: stop an order before it ships, its reservations
-- released; or end a shipped order whose shipment the carrier cancelled (a
-- parcel lost or returned to sender), which before stayed shipped for good.
CREATE OR REPLACE FUNCTION api.cancel_sales_order(order_id uuid, version integer, reason text)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_scope record;
    v_order sales.sales_order;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.cancel_sales_order');
    PERFORM ops.require_id(cancel_sales_order.order_id, 'order_id', 'sales order');
    PERFORM ops.require_length(cancel_sales_order.reason, 'reason', 500);
    IF cancel_sales_order.reason IS NULL OR btrim(cancel_sales_order.reason) = '' THEN
        RAISE EXCEPTION 'a cancellation needs a reason'
            USING ERRCODE = '22023', DETAIL = format('reason => %s.', ops.quoted_excerpt(cancel_sales_order.reason)),
                  HINT = 'Say why the order is cancelled (customer request, fraud, ...).';
    END IF;
    v_scope := sales.order_stock_scope(v_tenant_id, cancel_sales_order.order_id);
    PERFORM inventory.lock_stock(v_tenant_id, v_scope.product_ids, v_scope.warehouse_ids);
    -- The shipments before the order, the order api.add_tracking_event takes
    -- them in (a delivery closes the order): held, none changes while the
    -- order's trigger judges whether a shipped order may be cancelled (only
    -- once its shipment is), and a cancel behind the carrier's cancelling
    -- event waits for it rather than being refused.
    PERFORM
    FROM logistics.shipment AS sh
    WHERE sh.tenant_id = v_tenant_id AND sh.sales_order_id = cancel_sales_order.order_id
    ORDER BY sh.id
    FOR SHARE;
    v_order := sales.lock_sales_order(v_tenant_id, cancel_sales_order.order_id, cancel_sales_order.version);
    IF v_order.status NOT IN ('pending', 'approved', 'processing', 'shipped') THEN
        RAISE EXCEPTION 'sales_order % cannot go from % to cancelled', v_order.id, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'A closed or cancelled order is final.',
                  HINT = 'Goods of a shipped order that come back are taken back with api.return_sales_order_item.';
    END IF;
    SELECT * INTO v_scope
    FROM sales.lock_order_stock_again(v_tenant_id, v_order.id, v_scope.product_ids, v_scope.warehouse_ids);
    PERFORM sales.release_order_reservations(v_tenant_id, v_order.id);
    UPDATE sales.sales_order AS so
    SET status = 'cancelled', cancelled_at = greatest(now(), so.created_at, so.approved_at, so.shipped_at),
        cancel_reason = cancel_sales_order.reason
    WHERE so.tenant_id = v_tenant_id AND so.id = v_order.id
    RETURNING so.version INTO v_version;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.cancel_sales_order(uuid, integer, text) IS
'Cancels a sales order that has not shipped, releasing its active reservations, or a shipped one whose '
'shipment the carrier cancelled (lost, returned to sender; the stock stays issued until it is recorded '
'back), and returns its new version. Errors: 42501, 22023 no order_id, no reason or version, SD404, SD004 stale '
'version, SD003 shipped with its shipment not cancelled, closed or already cancelled, 40001 the order was '
'reserved while the call waited for it and another call holds that stock (retry).';
