-- api.add_purchase_order_item: a line on a draft purchase order.
CREATE OR REPLACE FUNCTION api.add_purchase_order_item(
    order_id uuid,
    version integer,
    product_id uuid,
    quantity numeric,
    unit_cost_minor bigint
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
    v_order procurement.purchase_order;
    v_product catalog.product;
    v_id uuid := ops.uuid_v7();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.add_purchase_order_item');
    PERFORM ops.require_id(add_purchase_order_item.order_id, 'order_id', 'purchase order');
    v_order := procurement.lock_purchase_order(v_tenant_id, add_purchase_order_item.order_id, add_purchase_order_item.version);
    IF v_order.status <> 'draft' THEN
        RAISE EXCEPTION 'purchase order % is %: lines can be added to a draft only', v_order.number, v_order.status
            USING ERRCODE = 'SD003',
                  DETAIL = format('order_id => %s: purchase order %s is %s; a submitted order''s lines are fixed.',
                                  v_order.id, v_order.number, v_order.status),
                  HINT = 'Create a new purchase order for more goods.';
    END IF;
    v_product := catalog.lock_product(v_tenant_id, add_purchase_order_item.product_id);
    PERFORM catalog.check_quantity(v_product, add_purchase_order_item.quantity, 'quantity');
    IF add_purchase_order_item.unit_cost_minor IS NULL OR add_purchase_order_item.unit_cost_minor < 0 THEN
        RAISE EXCEPTION 'unit_cost_minor must be zero or more'
            USING ERRCODE = '22023', DETAIL = format('unit_cost_minor => %s.',
                                                     coalesce(add_purchase_order_item.unit_cost_minor::text, 'NULL')),
                  HINT = 'Pass the cost of one unit in minor units of the order''s currency.';
    END IF;
    -- The line's total, and the order's with it, fit their bigint columns.
    PERFORM ops.require_amount(
        ops.require_amount(
            add_purchase_order_item.quantity * add_purchase_order_item.unit_cost_minor, 'the line total',
            format('quantity %s * unit_cost_minor %s', add_purchase_order_item.quantity,
                   add_purchase_order_item.unit_cost_minor)
        )::numeric + v_order.total_minor,
        'the order total', format('order %s totals %s before this line', v_order.number, v_order.total_minor)
    );
    INSERT INTO procurement.purchase_order_item (
        tenant_id, id, purchase_order_id, product_id, quantity_ordered, unit_cost_minor
    )
    VALUES (
        v_tenant_id, v_id, v_order.id, v_product.id, add_purchase_order_item.quantity,
        add_purchase_order_item.unit_cost_minor
    );
    RETURN v_id;
END
$$;

COMMENT ON FUNCTION api.add_purchase_order_item(uuid, integer, uuid, numeric, bigint) IS
'Adds a line to a draft purchase order (the order total follows) and returns the line id. Errors: 42501, '
'22023 no order_id, bad quantity or cost, or a line or order total too large, SD404 unknown order or product, SD004 '
'stale version, SD003 order no longer a draft.';
