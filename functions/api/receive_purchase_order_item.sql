-- api.receive_purchase_order_item: goods of a purchase order line arrive.
CREATE OR REPLACE FUNCTION api.receive_purchase_order_item(
    idempotency_key text,
    item_id uuid,
    location_id uuid,
    quantity numeric,
    batch_number text DEFAULT NULL,
    expiry_date date DEFAULT NULL,
    manufacture_date date DEFAULT NULL
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
    v_movement_id uuid := ops.uuid_v7();
    v_claim record;
    v_item procurement.purchase_order_item;
    v_order procurement.purchase_order;
    v_product catalog.product;
    v_location warehouse.location;
    v_batch catalog.product_batch;
    v_open numeric;
    v_all_received boolean;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.receive_purchase_order_item');
    PERFORM ops.require_id(receive_purchase_order_item.item_id, 'item_id', 'purchase order line');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, receive_purchase_order_item.idempotency_key, 'api.receive_purchase_order_item',
        jsonb_build_object(
            'item_id', receive_purchase_order_item.item_id, 'location_id', receive_purchase_order_item.location_id,
            'quantity', trim_scale(receive_purchase_order_item.quantity), 'batch_number', receive_purchase_order_item.batch_number,
            'expiry_date', receive_purchase_order_item.expiry_date,
            'manufacture_date', receive_purchase_order_item.manufacture_date
        ),
        jsonb_build_object('movement_id', v_movement_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'movement_id')::uuid;
    END IF;

    SELECT i.* INTO v_item
    FROM procurement.purchase_order_item AS i
    WHERE i.tenant_id = v_tenant_id AND i.id = receive_purchase_order_item.item_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'purchase order item % not found', receive_purchase_order_item.item_id
            USING ERRCODE = 'SD404', DETAIL = 'No purchase order line with this id belongs to the calling tenant.',
                  HINT = 'Check the id returned by api.add_purchase_order_item.';
    END IF;
    v_product := catalog.lock_product(v_tenant_id, v_item.product_id);
    v_location := warehouse.require_location(v_tenant_id, receive_purchase_order_item.location_id);
    PERFORM catalog.check_quantity(v_product, receive_purchase_order_item.quantity, 'quantity');
    IF receive_purchase_order_item.manufacture_date > receive_purchase_order_item.expiry_date THEN
        RAISE EXCEPTION 'a batch cannot expire before it was made'
            USING ERRCODE = '22023',
                  DETAIL = format('manufacture_date => %s, expiry_date => %s.',
                                  receive_purchase_order_item.manufacture_date, receive_purchase_order_item.expiry_date),
                  HINT = 'Check the dates on the label.';
    END IF;

    -- Stock locks first, then the document: the order every function keeps.
    PERFORM inventory.lock_stock(v_tenant_id, ARRAY[v_product.id], ARRAY[v_location.warehouse_id]);
    SELECT po.* INTO v_order
    FROM procurement.purchase_order AS po
    WHERE po.tenant_id = v_tenant_id AND po.id = v_item.purchase_order_id
    FOR UPDATE;
    IF v_order.status NOT IN ('ordered', 'partial') THEN
        RAISE EXCEPTION 'purchase order % is %: nothing can be received on it', v_order.number, v_order.status
            USING ERRCODE = 'SD003',
                  DETAIL = format('item_id => %s is a line of purchase order %s, %s; goods are received on ordered or '
                                  'partly received orders.', v_item.id, v_order.number, v_order.status),
                  HINT = 'Submit a draft first; a received or cancelled order takes no more goods.';
    END IF;
    IF v_order.warehouse_id <> v_location.warehouse_id THEN
        RAISE EXCEPTION 'purchase order % is for another warehouse', v_order.number
            USING ERRCODE = '22023',
                  DETAIL = format('The order is for warehouse %s; location %s is in warehouse %s.',
                                  (SELECT w.code FROM warehouse.warehouse AS w
                                   WHERE w.tenant_id = v_tenant_id AND w.id = v_order.warehouse_id),
                                  v_location.code,
                                  (SELECT w.code FROM warehouse.warehouse AS w
                                   WHERE w.tenant_id = v_tenant_id AND w.id = v_location.warehouse_id)),
                  HINT = 'Receive into a location of the order''s warehouse, or change it (api.update_purchase_order '
                         'with warehouse_id, or clear => ''{warehouse_id}'').';
    END IF;
    SELECT i.* INTO v_item
    FROM procurement.purchase_order_item AS i
    WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id
    FOR UPDATE;
    v_open := v_item.quantity_ordered - v_item.quantity_received;
    IF receive_purchase_order_item.quantity > v_open THEN
        RAISE EXCEPTION 'over-receipt of % on purchase order %', v_product.sku, v_order.number
            USING ERRCODE = '22023',
                  DETAIL = format('ordered %s, received %s, open %s, now %s', v_item.quantity_ordered,
                                  v_item.quantity_received, v_open, receive_purchase_order_item.quantity),
                  HINT = 'Receive at most the open quantity; the surplus needs a new purchase order or a return.';
    END IF;

    IF receive_purchase_order_item.batch_number IS NOT NULL THEN
        v_batch := catalog.find_or_create_batch(
            v_tenant_id, v_product, receive_purchase_order_item.batch_number,
            receive_purchase_order_item.manufacture_date, receive_purchase_order_item.expiry_date,
            v_item.unit_cost_minor, v_order.currency
        );
    END IF;

    PERFORM inventory.post_movement(
        v_tenant_id, 'purchase_receipt', v_product.id, v_batch.id, v_location.id, receive_purchase_order_item.quantity,
        'purchase_order_item', v_item.id, NULL, receive_purchase_order_item.idempotency_key, v_movement_id
    );
    UPDATE procurement.purchase_order_item AS i
    SET quantity_received = i.quantity_received + receive_purchase_order_item.quantity
    WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id;

    SELECT bool_and(i.quantity_received = i.quantity_ordered) INTO v_all_received
    FROM procurement.purchase_order_item AS i
    WHERE i.tenant_id = v_tenant_id AND i.purchase_order_id = v_order.id;
    IF v_all_received THEN
        UPDATE procurement.purchase_order AS po SET status = 'received', received_at = greatest(now(), po.ordered_at)
        WHERE po.tenant_id = v_tenant_id AND po.id = v_order.id;
    ELSIF v_order.status = 'ordered' THEN
        UPDATE procurement.purchase_order AS po SET status = 'partial'
        WHERE po.tenant_id = v_tenant_id AND po.id = v_order.id;
    END IF;
    RETURN v_movement_id;
END
$$;

COMMENT ON FUNCTION api.receive_purchase_order_item(text, uuid, uuid, numeric, text, date, date) IS
'Receives quantity of a purchase order line into a location (creating the batch, costed from the line, '
'or giving a known batch without a cost the line''s), '
'keeps quantity_received and the order status (partial, received) right, and returns the movement id. '
'Errors: 42501, 22023 (no item_id, over-receipt, a location outside the order''s warehouse, no room in a '
'location with a capacity, '
'bad quantity or dates, a known batch at another cost than the line''s, a batch_number blank, with '
'blanks around it or over 100 characters), SD404, '
'SD003 order not ordered/partial, SD002.';
