-- api.update_purchase_order_item: correct a draft's line (NULL keeps a field).
CREATE OR REPLACE FUNCTION api.update_purchase_order_item(
    item_id uuid,
    version integer,
    quantity numeric DEFAULT NULL,
    unit_cost_minor bigint DEFAULT NULL
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
    v_item procurement.purchase_order_item;
    v_order procurement.purchase_order;
    v_product catalog.product;
    v_quantity numeric;
    v_cost bigint;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_purchase_order_item');
    PERFORM ops.require_id(update_purchase_order_item.item_id, 'item_id', 'purchase order line');
    v_item := procurement.lock_draft_line(v_tenant_id, update_purchase_order_item.item_id,
                                          update_purchase_order_item.version, 'changed');
    SELECT po.* INTO v_order
    FROM procurement.purchase_order AS po
    WHERE po.tenant_id = v_tenant_id AND po.id = v_item.purchase_order_id;
    v_product := catalog.lock_product(v_tenant_id, v_item.product_id);
    v_quantity := coalesce(update_purchase_order_item.quantity, v_item.quantity_ordered);
    v_cost := coalesce(update_purchase_order_item.unit_cost_minor, v_item.unit_cost_minor);
    PERFORM catalog.check_quantity(v_product, v_quantity, 'quantity');
    IF v_cost < 0 THEN
        RAISE EXCEPTION 'unit_cost_minor must be zero or more'
            USING ERRCODE = '22023', DETAIL = format('unit_cost_minor => %s.', v_cost),
                  HINT = 'Pass the cost of one unit in minor units of the order''s currency.';
    END IF;
    -- The line's new total, and the order's with it, fit their bigint columns.
    PERFORM ops.require_amount(
        ops.require_amount(
            v_quantity * v_cost, 'the line total', format('quantity %s * unit_cost_minor %s', v_quantity, v_cost)
        )::numeric + v_order.total_minor - v_item.line_total_minor,
        'the order total',
        format('order %s totals %s without this line', v_order.number, v_order.total_minor - v_item.line_total_minor)
    );
    -- The line as it is, named again (a client re-sending what it read): no
    -- new version, as for a sales order's line.
    IF v_quantity = v_item.quantity_ordered AND v_cost = v_item.unit_cost_minor THEN
        RETURN v_order.version;
    END IF;
    UPDATE procurement.purchase_order_item AS i
    SET quantity_ordered = v_quantity, unit_cost_minor = v_cost
    WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id;
    -- The total's trigger (_300_total) updated the order, so its version moved
    -- on, even where the line total stayed the same.
    RETURN (SELECT po.version FROM procurement.purchase_order AS po WHERE po.tenant_id = v_tenant_id AND po.id = v_order.id);
END
$$;

COMMENT ON FUNCTION api.update_purchase_order_item(uuid, integer, numeric, bigint) IS
'Changes the quantity or unit cost of a draft purchase order''s line (NULL keeps one; the order total '
'follows) and returns the order''s new version (the one passed when the line stays as it is); version is the '
'order''s. Errors: 42501, 22023 no item_id, no version, '
'bad quantity or cost, or a line or order total too large, SD404 unknown line, SD004 stale version, '
'SD003 order no longer a draft.';
