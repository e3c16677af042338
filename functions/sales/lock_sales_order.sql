-- The tenant's sales order, locked for change; at the version the caller read, when one is given.
CREATE OR REPLACE FUNCTION sales.lock_sales_order(
    tenant_id uuid, order_id uuid, version integer, check_version boolean DEFAULT TRUE
)
RETURNS sales.sales_order
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_order sales.sales_order;
BEGIN
    SELECT so.* INTO v_order
    FROM sales.sales_order AS so
    WHERE so.tenant_id = lock_sales_order.tenant_id AND so.id = lock_sales_order.order_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'sales order % not found', lock_sales_order.order_id
            USING ERRCODE = 'SD404', DETAIL = 'No sales order with this id belongs to the calling tenant.',
                  HINT = 'Check the id returned by api.create_sales_order.';
    END IF;
    IF lock_sales_order.check_version THEN
        PERFORM ops.check_version('sales_order', v_order.id, lock_sales_order.version, v_order.version);
    END IF;
    RETURN v_order;
END
$$;
COMMENT ON FUNCTION sales.lock_sales_order(uuid, uuid, integer, boolean) IS
'Locks the tenant''s sales order FOR UPDATE; SD404 unknown, 22023/SD004 missing or stale version when checked.';
