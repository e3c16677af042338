-- The tenant's purchase order, locked for change, at the version the caller read.
CREATE OR REPLACE FUNCTION procurement.lock_purchase_order(tenant_id uuid, order_id uuid, version integer)
RETURNS procurement.purchase_order
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_order procurement.purchase_order;
BEGIN
    SELECT po.* INTO v_order
    FROM procurement.purchase_order AS po
    WHERE po.tenant_id = lock_purchase_order.tenant_id AND po.id = lock_purchase_order.order_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'purchase order % not found', lock_purchase_order.order_id
            USING ERRCODE = 'SD404', DETAIL = 'No purchase order with this id belongs to the calling tenant.',
                  HINT = 'Check the id returned by api.create_purchase_order.';
    END IF;
    PERFORM ops.check_version('purchase_order', v_order.id, lock_purchase_order.version, v_order.version);
    RETURN v_order;
END
$$;
COMMENT ON FUNCTION procurement.lock_purchase_order(uuid, uuid, integer) IS
'Locks the tenant''s purchase order FOR UPDATE; SD404 unknown, 22023/SD004 missing or stale version.';
