-- api.ship_sales_order: issue the reserved stock and hand it to a carrier.
CREATE OR REPLACE FUNCTION api.ship_sales_order(
    idempotency_key text,
    order_id uuid,
    carrier text,
    tracking_number text,
    expected_delivery_at timestamptz DEFAULT NULL
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
    v_shipment_id uuid := ops.uuid_v7();
    v_claim record;
    v_carrier_id uuid;
    v_scope record;
    v_order sales.sales_order;
    v_item sales.sales_order_item;
    v_warehouse_id uuid;
    v_shipped_at timestamptz;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.ship_sales_order');
    PERFORM ops.require_id(ship_sales_order.order_id, 'order_id', 'sales order');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, ship_sales_order.idempotency_key, 'api.ship_sales_order',
        jsonb_build_object(
            'order_id', ship_sales_order.order_id, 'carrier', ship_sales_order.carrier,
            'tracking_number', ship_sales_order.tracking_number
        )
        -- Only when given: a key claimed before the argument existed hashes as it did.
        || CASE WHEN ship_sales_order.expected_delivery_at IS NOT NULL THEN jsonb_build_object(
            'expected_delivery_at', ship_sales_order.expected_delivery_at AT TIME ZONE 'UTC'
        ) ELSE '{}' END,
        jsonb_build_object('shipment_id', v_shipment_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'shipment_id')::uuid;
    END IF;
    -- Bounded before it goes into the message (a 100,000-character one came back whole).
    PERFORM ops.require_length(ship_sales_order.carrier, 'carrier', 100);
    SELECT c.id INTO v_carrier_id
    FROM logistics.carrier AS c
    WHERE c.tenant_id = v_tenant_id AND c.code = ship_sales_order.carrier AND c.active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'carrier % not found', ops.named(ship_sales_order.carrier)
            USING ERRCODE = 'SD404',
                  DETAIL = format(
                      'No active carrier of the calling tenant has code => %s.', ops.quoted_excerpt(ship_sales_order.carrier)
                  ),
                  HINT = 'Pass the code of one of your carriers.';
    END IF;
    -- In NFC, the form it is stored in (ops.require_text says why).
    IF ship_sales_order.tracking_number IS NULL
       OR normalize(ship_sales_order.tracking_number, NFC) COLLATE pg_catalog."und-x-icu"
          !~ '^[[:graph:]]{1,64}$' THEN
        RAISE EXCEPTION 'tracking_number must be 1 to 64 visible characters'
            USING ERRCODE = '22023', DETAIL = format('tracking_number => %s.', ops.quoted_excerpt(ship_sales_order.tracking_number)),
                  HINT = 'Pass the carrier''s tracking number.';
    END IF;

    v_scope := sales.order_stock_scope(v_tenant_id, ship_sales_order.order_id);
    PERFORM inventory.lock_stock(v_tenant_id, v_scope.product_ids, v_scope.warehouse_ids);
    v_order := sales.lock_sales_order(v_tenant_id, ship_sales_order.order_id, NULL, FALSE);
    IF v_order.status <> 'processing' THEN
        RAISE EXCEPTION 'sales_order % cannot go from % to shipped', v_order.id, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'Only a reserved (processing) order can ship.',
                  HINT = 'Reserve the order first (api.reserve_sales_order).';
    END IF;
    SELECT * INTO v_scope
    FROM sales.lock_order_stock_again(v_tenant_id, v_order.id, v_scope.product_ids, v_scope.warehouse_ids);
    v_warehouse_id := v_scope.warehouse_ids[1];
    -- Not before the approval, which a transaction older than it sees too.
    v_shipped_at := greatest(now(), v_order.approved_at);
    IF NOT isfinite(coalesce(ship_sales_order.expected_delivery_at, v_shipped_at))
       OR ship_sales_order.expected_delivery_at < v_shipped_at THEN
        RAISE EXCEPTION 'expected_delivery_at must be a time after the shipment leaves'
            USING ERRCODE = '22023',
                  DETAIL = format('expected_delivery_at => %s; the shipment leaves at %s.',
                                  ship_sales_order.expected_delivery_at, v_shipped_at),
                  HINT = 'Pass the delivery time the carrier promises, or NULL when it gave none.';
    END IF;
    PERFORM ops.require_time_in_calendar(ship_sales_order.expected_delivery_at, 'expected_delivery_at');

    INSERT INTO logistics.shipment (
        tenant_id, id, sales_order_id, warehouse_id, carrier_id, tracking_number, status, ship_to, shipped_at,
        expected_delivery_at
    )
    VALUES (
        v_tenant_id, v_shipment_id, v_order.id, v_warehouse_id, v_carrier_id, ship_sales_order.tracking_number,
        'preparing', v_order.shipping_address, v_shipped_at, ship_sales_order.expected_delivery_at
    )
    -- One message for a tracking number taken, with the constraint the bare
    -- 23505 named (no DETAIL: row security hides the key), without a subtransaction.
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'tracking number % of carrier % is already used', ship_sales_order.tracking_number,
            ship_sales_order.carrier
            USING ERRCODE = '23505', CONSTRAINT = 'shipment_tracking_number_key',
                  DETAIL = 'A tracking number names one shipment of its carrier.',
                  HINT = 'Pass the tracking number of this parcel; a retry of this shipment passes its idempotency_key again.';
    END IF;
    FOR v_item IN
        SELECT i.* FROM sales.sales_order_item AS i
        WHERE i.tenant_id = v_tenant_id AND i.sales_order_id = v_order.id
        ORDER BY i.id
    LOOP
        INSERT INTO logistics.shipment_item (tenant_id, shipment_id, sales_order_item_id, product_id, batch_id, quantity)
        SELECT v_tenant_id, v_shipment_id, v_item.id, rl.product_id, rl.batch_id, sum(rl.quantity)
        FROM inventory.reservation_line AS rl
        WHERE rl.tenant_id = v_tenant_id AND rl.reservation_id = v_item.reservation_id
        GROUP BY rl.product_id, rl.batch_id;
        PERFORM inventory.close_reservation(v_tenant_id, v_item.reservation_id, 'fulfilled', ship_sales_order.idempotency_key);
    END LOOP;

    UPDATE logistics.shipment AS s SET status = 'in_transit'
    WHERE s.tenant_id = v_tenant_id AND s.id = v_shipment_id;
    UPDATE sales.sales_order AS so SET status = 'shipped', shipped_at = v_shipped_at
    WHERE so.tenant_id = v_tenant_id AND so.id = v_order.id;
    RETURN v_shipment_id;
END
$$;

COMMENT ON FUNCTION api.ship_sales_order(text, uuid, text, text, timestamptz) IS
'Ships a reserved (processing) sales order: issues exactly its reserved batches (sale_issue), creates the '
'shipment (in transit, with its items by batch) for the carrier code and tracking number, marks the order '
'shipped, and returns the shipment id. expected_delivery_at, the carrier''s promise, is when the shipment '
'counts as late (report.shipment_delays, the shipment_delayed alert). Errors: 42501, 22023 (no order_id; also an '
'expected delivery before the shipment leaves), SD404 order or carrier, SD003 not processing, '
'23505 tracking number already used for this carrier, SD005 a reserved batch is on hold (api.hold_batch), '
'SD002, 40001 the order was reserved while the call waited for it and another call holds that stock (retry).';
