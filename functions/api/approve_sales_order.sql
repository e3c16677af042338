-- api.approve_sales_order: the order may now be reserved and shipped.
CREATE OR REPLACE FUNCTION api.approve_sales_order(order_id uuid, version integer)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_order sales.sales_order;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.approve_sales_order');
    PERFORM ops.require_id(approve_sales_order.order_id, 'order_id', 'sales order');
    v_order := sales.lock_sales_order(v_tenant_id, approve_sales_order.order_id, approve_sales_order.version);
    IF v_order.status <> 'pending' THEN
        RAISE EXCEPTION 'sales_order % cannot go from % to approved', v_order.id, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'Only a pending order can be approved.',
                  HINT = 'Check the order''s current status.';
    END IF;
    -- Not before the order was made: a transaction that began before another
    -- one created the order still sees it, and its now() is the earlier time.
    UPDATE sales.sales_order AS so SET status = 'approved', approved_at = greatest(now(), so.created_at)
    WHERE so.tenant_id = v_tenant_id AND so.id = v_order.id
    RETURNING so.version INTO v_version;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.approve_sales_order(uuid, integer) IS
'Approves a pending sales order and returns its new version. Errors: 42501, 22023 no order_id, no version, SD404, '
'SD004 stale version, SD003 not pending.';
