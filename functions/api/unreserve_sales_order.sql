-- api.unreserve_sales_order: a reserved order gives its stock back and is
-- approved again, to be reserved anew (another warehouse, after a batch
-- hold) or changed first. Before it, the only way back from processing
-- was to cancel the order.
CREATE OR REPLACE FUNCTION api.unreserve_sales_order(order_id uuid, version integer)
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
    PERFORM auth.require_permission(v_tenant_id, 'api.unreserve_sales_order');
    PERFORM ops.require_id(unreserve_sales_order.order_id, 'order_id', 'sales order');
    -- Stock locks first, then the order, as api.cancel_sales_order takes them.
    v_scope := sales.order_stock_scope(v_tenant_id, unreserve_sales_order.order_id);
    PERFORM inventory.lock_stock(v_tenant_id, v_scope.product_ids, v_scope.warehouse_ids);
    v_order := sales.lock_sales_order(v_tenant_id, unreserve_sales_order.order_id, unreserve_sales_order.version);
    IF v_order.status <> 'processing' THEN
        RAISE EXCEPTION 'sales_order % cannot go from % to approved', v_order.id, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'Only a reserved (processing) order gives its reservations back.',
                  HINT = 'Check the order''s current status (report.sales_order_fulfilment).';
    END IF;
    SELECT * INTO v_scope
    FROM sales.lock_order_stock_again(v_tenant_id, v_order.id, v_scope.product_ids, v_scope.warehouse_ids);
    PERFORM sales.release_order_reservations(v_tenant_id, v_order.id);
    -- The lines no longer name the released reservations: reservation_id is
    -- what holds a line's stock, and reserve_sales_order sets it again.
    UPDATE sales.sales_order_item AS i SET reservation_id = NULL
    WHERE i.tenant_id = v_tenant_id AND i.sales_order_id = v_order.id;
    UPDATE sales.sales_order AS so SET status = 'approved'
    WHERE so.tenant_id = v_tenant_id AND so.id = v_order.id
    RETURNING so.version INTO v_version;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.unreserve_sales_order(uuid, integer) IS
'Releases a reserved (processing) sales order''s reservations and moves it back to approved, to be '
'reserved again (api.reserve_sales_order, in any warehouse) or changed (which sends it back to pending); '
'returns its new version. Errors: 42501, 22023 no order_id, no version, SD404, SD004 stale version, '
'SD003 not processing, 40001 the order was reserved while the call waited for it and another call holds '
'that stock (retry).';
