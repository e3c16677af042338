-- What a sales order's stock locks cover: its products, in its reservations' warehouses (or one given).
CREATE OR REPLACE FUNCTION sales.order_stock_scope(
    tenant_id uuid, order_id uuid, warehouse_id uuid DEFAULT NULL,
    OUT product_ids uuid[], OUT warehouse_ids uuid[]
)
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    SELECT coalesce(array_agg(DISTINCT i.product_id), '{}') INTO product_ids
    FROM sales.sales_order_item AS i
    WHERE i.tenant_id = order_stock_scope.tenant_id AND i.sales_order_id = order_stock_scope.order_id;
    IF order_stock_scope.warehouse_id IS NOT NULL THEN
        warehouse_ids := ARRAY[order_stock_scope.warehouse_id];
        RETURN;
    END IF;
    SELECT coalesce(array_agg(DISTINCT r.warehouse_id), '{}') INTO warehouse_ids
    FROM sales.sales_order_item AS i
    JOIN inventory.reservation AS r ON r.tenant_id = i.tenant_id AND r.id = i.reservation_id
    WHERE i.tenant_id = order_stock_scope.tenant_id AND i.sales_order_id = order_stock_scope.order_id;
END
$$;
COMMENT ON FUNCTION sales.order_stock_scope(uuid, uuid, uuid) IS
'The products of a sales order and the warehouses its reservations are in (or the given one): '
'what inventory.lock_stock must cover before the order is changed.';
