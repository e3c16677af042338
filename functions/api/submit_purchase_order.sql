-- api.submit_purchase_order: the draft goes to the supplier.
CREATE OR REPLACE FUNCTION api.submit_purchase_order(order_id uuid, version integer)
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
    PERFORM auth.require_permission(v_tenant_id, 'api.submit_purchase_order');
    v_order := procurement.lock_purchase_order(v_tenant_id, submit_purchase_order.order_id, submit_purchase_order.version);
    IF v_order.status <> 'draft' THEN
        RAISE EXCEPTION 'purchase_order % cannot go from % to ordered', v_order.id, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'Only a draft can be submitted.',
                  HINT = 'Check the order''s current status.';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM procurement.purchase_order_item AS i
        WHERE i.tenant_id = v_tenant_id AND i.purchase_order_id = v_order.id
    ) THEN
        RAISE EXCEPTION 'purchase order % has no lines', v_order.number
            USING ERRCODE = '22023', HINT = 'Add lines with api.add_purchase_order_item first.';
    END IF;
    UPDATE procurement.purchase_order AS po
    -- Not before the draft was made, which a transaction older than it sees too.
    SET status = 'ordered', ordered_at = greatest(now(), po.created_at)
    WHERE po.tenant_id = v_tenant_id AND po.id = v_order.id
    RETURNING po.version INTO v_version;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.submit_purchase_order(uuid, integer) IS
'Moves a draft purchase order to ordered (ordered_at = now, never before the draft was made) and returns '
'its new version. Errors: 42501, '
'22023 no lines or no version, SD404, SD004 stale version, SD003 not a draft.';
