-- api.remove_purchase_order_item: take a line off a draft purchase order.
CREATE OR REPLACE FUNCTION api.remove_purchase_order_item(item_id uuid, version integer)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_item procurement.purchase_order_item;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.remove_purchase_order_item');
    PERFORM ops.require_id(remove_purchase_order_item.item_id, 'item_id', 'purchase order line');
    v_item := procurement.lock_draft_line(v_tenant_id, remove_purchase_order_item.item_id,
                                          remove_purchase_order_item.version, 'removed');
    DELETE FROM procurement.purchase_order_item AS i WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id;
    -- The total's trigger (_300_total) updated the order, so its version moved
    -- on, even for a line of no value.
    RETURN (
        SELECT po.version FROM procurement.purchase_order AS po
        WHERE po.tenant_id = v_tenant_id AND po.id = v_item.purchase_order_id
    );
END
$$;

COMMENT ON FUNCTION api.remove_purchase_order_item(uuid, integer) IS
'Removes a line from a draft purchase order (the order total follows) and returns the order''s new version; '
'version is the order''s. Errors: 42501, 22023 no item_id, no version, SD404 unknown line, SD004 stale version, SD003 '
'order no longer a draft.';
