-- api.cancel_purchase_order: nothing more is expected from the supplier.
CREATE OR REPLACE FUNCTION api.cancel_purchase_order(order_id uuid, version integer)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_order procurement.purchase_order;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.cancel_purchase_order');
    PERFORM ops.require_id(cancel_purchase_order.order_id, 'order_id', 'purchase order');
    v_order := procurement.lock_purchase_order(v_tenant_id, cancel_purchase_order.order_id, cancel_purchase_order.version);
    IF v_order.status = 'cancelled' THEN
        RAISE EXCEPTION 'purchase_order % cannot go from cancelled to cancelled', v_order.id
            USING ERRCODE = 'SD003', DETAIL = 'It is already cancelled.', HINT = 'Nothing to do.';
    END IF;
    UPDATE procurement.purchase_order AS po
    SET status = 'cancelled', cancelled_at = greatest(now(), po.created_at, po.ordered_at)
    WHERE po.tenant_id = v_tenant_id AND po.id = v_order.id
    RETURNING po.version INTO v_version;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.cancel_purchase_order(uuid, integer) IS
'Cancels a draft, ordered or partially received purchase order (what was received stays) and returns '
'its new version. Errors: 42501, 22023, SD404, SD004 stale version, SD003 already received or cancelled.';
