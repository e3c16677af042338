-- api.update_sales_order_item: a line's quantity or price, before the order is reserved.
CREATE OR REPLACE FUNCTION api.update_sales_order_item(
    item_id uuid,
    version integer,
    quantity numeric DEFAULT NULL,
    unit_price_minor bigint DEFAULT NULL
)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_item sales.sales_order_item;
    v_order sales.sales_order;
    v_product catalog.product;
    v_quantity numeric;
    v_price bigint;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_sales_order_item');
    PERFORM ops.require_id(update_sales_order_item.item_id, 'item_id', 'sales order line');
    -- The line as it is, named again (a client re-sending what it read):
    -- nothing changes, so an approved order stays approved. Read unlocked;
    -- a change made meanwhile moved the order's version, which the lock
    -- below then finds stale (SD004).
    SELECT i.* INTO v_item
    FROM sales.sales_order_item AS i
    WHERE i.tenant_id = v_tenant_id AND i.id = update_sales_order_item.item_id;
    IF coalesce(update_sales_order_item.quantity, v_item.quantity) = v_item.quantity
       AND coalesce(update_sales_order_item.unit_price_minor, v_item.unit_price_minor) = v_item.unit_price_minor THEN
        v_order := sales.lock_sales_order(v_tenant_id, v_item.sales_order_id, update_sales_order_item.version);
        IF v_order.status IN ('pending', 'approved') THEN
            RETURN v_order.version;
        END IF;
        -- Reserved or further on: refused below as any change is (SD003).
    END IF;
    v_item := sales.lock_open_line(
        v_tenant_id, update_sales_order_item.item_id, update_sales_order_item.version, 'lines can be changed'
    );
    SELECT so.* INTO v_order
    FROM sales.sales_order AS so
    WHERE so.tenant_id = v_tenant_id AND so.id = v_item.sales_order_id;
    v_product := catalog.lock_product(v_tenant_id, v_item.product_id);
    v_quantity := catalog.check_quantity(
        v_product, coalesce(update_sales_order_item.quantity, v_item.quantity), 'quantity'
    );
    v_price := sales.line_price(
        v_product, v_order.currency, coalesce(update_sales_order_item.unit_price_minor, v_item.unit_price_minor),
        'the line'
    );
    -- The line's new total, and the order's with it, fit their bigint columns.
    PERFORM ops.require_amount(
        ops.require_amount(
            v_quantity * v_price, 'the line total', format('quantity %s * unit_price_minor %s', v_quantity, v_price)
        )::numeric + v_order.total_minor - v_item.line_total_minor,
        'the order total',
        format('order %s totals %s without this line', v_order.number, v_order.total_minor - v_item.line_total_minor)
    );
    UPDATE sales.sales_order_item AS i
    SET quantity = v_quantity, unit_price_minor = v_price
    WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id;
    -- The subtotal's trigger (_300_subtotal) updated the order, so its version
    -- moved on, even where the line total stayed the same.
    RETURN (SELECT so.version FROM sales.sales_order AS so WHERE so.tenant_id = v_tenant_id AND so.id = v_order.id);
END
$$;

COMMENT ON FUNCTION api.update_sales_order_item(uuid, integer, numeric, bigint) IS
'Changes the quantity or unit price of a pending or approved sales order''s line (NULL keeps one; the order '
'total follows; an approved order goes back to pending, to be approved again) and returns the order''s new '
'version; version is the order''s. The line''s own quantity and price named again change nothing and return '
'the version as it is (an approved order stays approved). Errors: 42501, 22023 no item_id, no version, bad quantity or '
'price, or a line or order total too large, SD404 unknown line, SD004 stale version, SD003 order reserved or '
'further on.';
