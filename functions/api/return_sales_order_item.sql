-- api.return_sales_order_item: goods of a shipped sales order line come back
-- (a customer's return, a parcel returned to sender). A return posted with
-- api.record_movement or api.receive_stock named no order: nothing kept it
-- to what the line shipped, and its batch was whatever the caller said, so a
-- recalled batch's units came back under another batch or none.
CREATE OR REPLACE FUNCTION api.return_sales_order_item(
    idempotency_key text,
    item_id uuid,
    location_id uuid,
    quantity numeric,
    batch_id uuid DEFAULT NULL,
    reason text DEFAULT NULL
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
    v_claim record;
    v_item sales.sales_order_item;
    v_order sales.sales_order;
    v_product catalog.product;
    v_location warehouse.location;
    v_batches jsonb;
    v_line record;
    v_movement_id uuid := ops.uuid_v7();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.return_sales_order_item');
    -- Not SD404: no line was named, so none can be missing.
    IF return_sales_order_item.item_id IS NULL THEN
        RAISE EXCEPTION 'no sales order line given'
            USING ERRCODE = '22023', DETAIL = 'item_id => NULL.',
                  HINT = 'Pass the line''s sales_order_item_id (report.sales_order_lines).';
    END IF;
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, return_sales_order_item.idempotency_key, 'api.return_sales_order_item',
        jsonb_build_object(
            'item_id', return_sales_order_item.item_id, 'location_id', return_sales_order_item.location_id,
            'quantity', trim_scale(return_sales_order_item.quantity), 'batch_id', return_sales_order_item.batch_id,
            'reason', return_sales_order_item.reason
        ),
        jsonb_build_object('movement_id', v_movement_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'movement_id')::uuid;
    END IF;

    SELECT i.* INTO v_item
    FROM sales.sales_order_item AS i
    WHERE i.tenant_id = v_tenant_id AND i.id = return_sales_order_item.item_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'sales order line % not found', return_sales_order_item.item_id
            USING ERRCODE = 'SD404', DETAIL = 'No sales order line with this id belongs to the calling tenant.',
                  HINT = 'report.sales_order_lines lists an order''s lines with their sales_order_item_id.';
    END IF;
    -- An inactive product too: its units are back on the dock whatever the
    -- catalogue says now. Refused, they could not be booked in at all.
    v_product := catalog.lock_sold_product(v_tenant_id, v_item.product_id);
    PERFORM catalog.check_quantity(v_product, return_sales_order_item.quantity, 'quantity');
    -- Tested inline first: the call costs 5 µs a movement, the test 0.1.
    IF length(return_sales_order_item.reason) > 500 THEN
        PERFORM ops.require_length(return_sales_order_item.reason, 'reason', 500);
    END IF;
    v_location := warehouse.require_location(v_tenant_id, return_sales_order_item.location_id);
    PERFORM inventory.lock_stock(v_tenant_id, ARRAY[v_product.id], ARRAY[v_location.warehouse_id]);
    -- Returns of one line one at a time, each seeing what the one before took
    -- back, even into two warehouses (no stock lock in common). NO KEY: the
    -- foreign keys that name the line need not wait.
    PERFORM FROM sales.sales_order_item AS i
    WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id
    FOR NO KEY UPDATE;
    SELECT so.* INTO STRICT v_order
    FROM sales.sales_order AS so
    WHERE so.tenant_id = v_tenant_id AND so.id = v_item.sales_order_id;

    -- Per batch shipped on the line: shipped and already returned, kept
    -- whole (the ledger's sums lose the months retention detaches).
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'batch_id', s.batch_id, 'batch_number', b.batch_number, 'shipped', s.quantity_shipped,
        'returned', s.quantity_returned
    ) ORDER BY b.batch_number NULLS FIRST), '[]')
    INTO v_batches
    FROM sales.sales_order_item_batch AS s
    LEFT JOIN catalog.product_batch AS b ON b.tenant_id = v_tenant_id AND b.id = s.batch_id
    WHERE s.tenant_id = v_tenant_id AND s.sales_order_item_id = v_item.id;
    IF jsonb_array_length(v_batches) = 0 THEN
        RAISE EXCEPTION 'nothing of sales order line % has shipped', v_item.id
            USING ERRCODE = '22023', DETAIL = format('Its order %s is %s.', v_order.number, v_order.status),
                  HINT = 'Only shipped goods come back; an order not shipped is cancelled with api.cancel_sales_order.';
    END IF;

    -- The batch the units left in: named, or the line's only one.
    SELECT x.* INTO v_line
    FROM jsonb_to_recordset(v_batches) AS x (batch_id uuid, batch_number text, shipped numeric, returned numeric)
    WHERE x.batch_id IS NOT DISTINCT FROM return_sales_order_item.batch_id
       OR (return_sales_order_item.batch_id IS NULL AND jsonb_array_length(v_batches) = 1);
    IF NOT FOUND THEN
        RAISE EXCEPTION '%', CASE WHEN return_sales_order_item.batch_id IS NULL
                THEN format('batch_id is required: sales order line %s shipped in several batches', v_item.id)
                ELSE format('batch %s was not shipped on sales order line %s', return_sales_order_item.batch_id,
                            v_item.id)
            END
            USING ERRCODE = '22023',
                  DETAIL = (
                      SELECT 'Shipped: ' || string_agg(format('%s %s (%s returned)',
                          coalesce(ops.printable(x.batch_number), 'no batch'), trim_scale(x.shipped), trim_scale(x.returned)), ', ')
                      FROM jsonb_to_recordset(v_batches) AS x (batch_number text, shipped numeric, returned numeric)
                  ),
                  HINT = 'Return units under the batch they left in, so its expiry and any recall follow them.';
    END IF;
    IF return_sales_order_item.quantity > v_line.shipped - v_line.returned THEN
        RAISE EXCEPTION 'sales order line % has % left to return, not %', v_item.id,
            trim_scale(v_line.shipped - v_line.returned), trim_scale(return_sales_order_item.quantity)
            USING ERRCODE = '22023',
                  DETAIL = format('%s %s: shipped %s, returned %s.', v_product.sku,
                                  coalesce('batch ' || ops.printable(v_line.batch_number), 'without a batch'),
                                  trim_scale(v_line.shipped), trim_scale(v_line.returned)),
                  HINT = 'Stock found beyond what shipped is an adjustment (api.record_movement).';
    END IF;

    PERFORM inventory.post_movement(
        v_tenant_id, 'returned', v_product.id, v_line.batch_id, v_location.id, return_sales_order_item.quantity,
        'sales_order_item', v_item.id, return_sales_order_item.reason, return_sales_order_item.idempotency_key,
        v_movement_id
    );
    RETURN v_movement_id;
END
$$;

COMMENT ON FUNCTION api.return_sales_order_item(text, uuid, uuid, numeric, uuid, text) IS
'Takes back units of a shipped sales order line into a location (a returned movement referencing the line) '
'under the batch they shipped in (batch_id when the line shipped in several), at most what the line '
'shipped less what was returned, an inactive product''s too; returns the movement id. Errors: 42501, '
'22023 (no line given, nothing shipped, bad quantity, no or a wrong batch, more than is left to return, an inactive '
'location, beyond its capacity), SD404 unknown line, product or location, SD002 key reused with other '
'arguments.';
