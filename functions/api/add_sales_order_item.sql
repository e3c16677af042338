-- api.add_sales_order_item: one more line on an order not yet reserved.
CREATE OR REPLACE FUNCTION api.add_sales_order_item(
    order_id uuid,
    version integer,
    product_id uuid,
    quantity numeric,
    unit_price_minor bigint DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_order sales.sales_order;
    v_product catalog.product;
    v_price bigint;
    v_id uuid := ops.uuid_v7();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.add_sales_order_item');
    PERFORM ops.require_id(add_sales_order_item.order_id, 'order_id', 'sales order');
    v_order := sales.lock_open_order(
        v_tenant_id, add_sales_order_item.order_id, add_sales_order_item.version, 'lines can be added'
    );
    v_product := catalog.lock_product(v_tenant_id, add_sales_order_item.product_id);
    PERFORM catalog.check_quantity(v_product, add_sales_order_item.quantity, 'quantity');
    v_price := sales.line_price(v_product, v_order.currency, add_sales_order_item.unit_price_minor, 'the line');
    -- The line's total, and the order's with it, fit their bigint columns.
    PERFORM ops.require_amount(
        ops.require_amount(
            add_sales_order_item.quantity * v_price, 'the line total',
            format('quantity %s * unit_price_minor %s', add_sales_order_item.quantity, v_price)
        )::numeric + v_order.total_minor,
        'the order total', format('order %s totals %s before this line', v_order.number, v_order.total_minor)
    );
    INSERT INTO sales.sales_order_item (tenant_id, id, sales_order_id, product_id, quantity, unit_price_minor)
    VALUES (v_tenant_id, v_id, v_order.id, v_product.id, add_sales_order_item.quantity, v_price);
    RETURN v_id;
END
$$;

COMMENT ON FUNCTION api.add_sales_order_item(uuid, integer, uuid, numeric, bigint) IS
'Adds a line to a pending or approved sales order and returns the line id; the price defaults to the '
'product''s list price in the order''s currency, the order total follows, and an approved order goes back '
'to pending, to be approved again. Errors: 42501, 22023 no order_id, bad quantity or price, no price, a line or order '
'total too large, no version, SD404 unknown order or product, SD004 stale version, SD003 order reserved or '
'further on.';
