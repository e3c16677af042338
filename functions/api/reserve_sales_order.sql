-- api.reserve_sales_order: reserve every line of an approved order, all or nothing.
CREATE OR REPLACE FUNCTION api.reserve_sales_order(idempotency_key text, order_id uuid, warehouse_id uuid)
RETURNS uuid[]
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_claim record;
    v_warehouse warehouse.warehouse;
    v_scope record;
    v_order sales.sales_order;
    v_item sales.sales_order_item;
    v_reservation_id uuid;
    v_reservations uuid[] := '{}';
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.reserve_sales_order');
    PERFORM ops.require_id(reserve_sales_order.order_id, 'order_id', 'sales order');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, reserve_sales_order.idempotency_key, 'api.reserve_sales_order',
        jsonb_build_object('order_id', reserve_sales_order.order_id, 'warehouse_id', reserve_sales_order.warehouse_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN ARRAY(SELECT jsonb_array_elements_text(v_claim.previous_result -> 'reservation_ids')::uuid);
    END IF;
    v_warehouse := warehouse.require_warehouse(v_tenant_id, reserve_sales_order.warehouse_id);

    -- Stock locks first, then the document: the order every function keeps.
    v_scope := sales.order_stock_scope(v_tenant_id, reserve_sales_order.order_id, v_warehouse.id);
    PERFORM inventory.lock_stock(v_tenant_id, v_scope.product_ids, v_scope.warehouse_ids);
    v_order := sales.lock_sales_order(v_tenant_id, reserve_sales_order.order_id, NULL, FALSE);
    IF v_order.status <> 'approved' THEN
        RAISE EXCEPTION 'sales_order % cannot go from % to processing', v_order.id, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'Only an approved order can be reserved.',
                  HINT = 'Approve the order first (api.approve_sales_order).';
    END IF;

    FOR v_item IN
        SELECT i.* FROM sales.sales_order_item AS i
        WHERE i.tenant_id = v_tenant_id AND i.sales_order_id = v_order.id
        ORDER BY i.id
    LOOP
        v_reservation_id := inventory.reserve(
            v_tenant_id, catalog.lock_product(v_tenant_id, v_item.product_id), v_warehouse, v_item.quantity,
            v_order.number, NULL, reserve_sales_order.idempotency_key
        );
        UPDATE sales.sales_order_item AS i SET reservation_id = v_reservation_id
        WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id;
        v_reservations := v_reservations || v_reservation_id;
    END LOOP;

    UPDATE sales.sales_order AS so SET status = 'processing'
    WHERE so.tenant_id = v_tenant_id AND so.id = v_order.id;
    PERFORM inventory.finish_request(v_tenant_id, v_claim.request_id, jsonb_build_object('reservation_ids', to_jsonb(v_reservations)));
    RETURN v_reservations;
END
$$;

COMMENT ON FUNCTION api.reserve_sales_order(text, uuid, uuid) IS
'Reserves every line of an approved sales order in one warehouse (FEFO, then FIFO), all lines or none, '
'moves the order to processing and returns the reservation ids. Errors: 42501, 22023, SD404, '
'SD003 order not approved, SD001 a line is short (nothing is reserved then), SD002.';
