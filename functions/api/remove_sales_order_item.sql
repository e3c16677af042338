-- api.remove_sales_order_item: take a line off an order not yet reserved.
CREATE OR REPLACE FUNCTION api.remove_sales_order_item(item_id uuid, version integer)
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
    v_number text;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.remove_sales_order_item');
    PERFORM ops.require_id(remove_sales_order_item.item_id, 'item_id', 'sales order line');
    v_item := sales.lock_open_line(
        v_tenant_id, remove_sales_order_item.item_id, remove_sales_order_item.version, 'lines can be removed'
    );
    -- Every change of the lines holds the order, so the count cannot move under us.
    IF NOT EXISTS (
        SELECT FROM sales.sales_order_item AS i
        WHERE i.tenant_id = v_tenant_id AND i.sales_order_id = v_item.sales_order_id AND i.id <> v_item.id
    ) THEN
        SELECT so.number INTO v_number
        FROM sales.sales_order AS so
        WHERE so.tenant_id = v_tenant_id AND so.id = v_item.sales_order_id;
        RAISE EXCEPTION 'sales order % would have no lines', v_number
            USING ERRCODE = '22023', DETAIL = format('Line %s is the order''s last.', v_item.id),
                  HINT = 'Cancel the order (api.cancel_sales_order) instead, or add the new line before removing this one.';
    END IF;
    DELETE FROM sales.sales_order_item AS i WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id;
    -- The subtotal's trigger (_300_subtotal) updated the order, so its version
    -- moved on, even for a line of no value.
    RETURN (
        SELECT so.version FROM sales.sales_order AS so
        WHERE so.tenant_id = v_tenant_id AND so.id = v_item.sales_order_id
    );
END
$$;

COMMENT ON FUNCTION api.remove_sales_order_item(uuid, integer) IS
'Removes a line from a pending or approved sales order (the order total follows; an approved order goes '
'back to pending, to be approved again) and returns the order''s new version; version is the order''s. '
'Errors: 42501, 22023 no item_id, no version or the order''s last line, SD404 unknown line, SD004 stale version, SD003 '
'order reserved or further on.';
