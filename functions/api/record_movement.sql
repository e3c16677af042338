-- api.record_movement: adjustments, consumption and returns at one location.
CREATE OR REPLACE FUNCTION api.record_movement(
    idempotency_key text,
    movement_type text,
    product_id uuid,
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
    v_product catalog.product;
    v_location warehouse.location;
    v_batch catalog.product_batch;
    v_signed numeric;
    v_available numeric;
    v_movement_id uuid := ops.uuid_v7();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.record_movement');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, record_movement.idempotency_key, 'api.record_movement',
        jsonb_build_object(
            'movement_type', record_movement.movement_type, 'product_id', record_movement.product_id,
            'location_id', record_movement.location_id, 'quantity', trim_scale(record_movement.quantity),
            'batch_id', record_movement.batch_id, 'reason', record_movement.reason
        ),
        jsonb_build_object('movement_id', v_movement_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'movement_id')::uuid;
    END IF;

    IF record_movement.movement_type IS NULL
       OR record_movement.movement_type NOT IN ('adjustment', 'consumption', 'returned') THEN
        RAISE EXCEPTION 'record_movement takes movement_type adjustment, consumption or returned'
            USING ERRCODE = '22023',
                  DETAIL = format('movement_type => %s.', ops.quoted_excerpt(record_movement.movement_type)),
                  HINT = 'Receipts go through api.receive_stock, transfers through api.transfer_stock, '
                         'reservations through api.reserve_stock.';
    END IF;
    -- Tested inline first: the call costs 5 µs a movement, the test 0.1.
    IF length(record_movement.reason) > 500 THEN
        PERFORM ops.require_length(record_movement.reason, 'reason', 500);
    END IF;
    v_product := catalog.lock_product(v_tenant_id, record_movement.product_id);
    v_location := warehouse.require_location(v_tenant_id, record_movement.location_id);
    IF record_movement.movement_type = 'adjustment' THEN
        IF record_movement.reason IS NULL OR btrim(record_movement.reason) = '' THEN
            RAISE EXCEPTION 'an adjustment needs a reason'
                USING ERRCODE = '22023', DETAIL = format('reason => %s.', ops.quoted_excerpt(record_movement.reason)),
                      HINT = 'Say why stock is corrected (damaged, found, miscount, ...).';
        END IF;
        PERFORM catalog.check_quantity(v_product, abs(record_movement.quantity), 'quantity');
        v_signed := record_movement.quantity;
    ELSE
        -- consumption and returned take a positive amount; the type gives the sign.
        PERFORM catalog.check_quantity(v_product, record_movement.quantity, 'quantity');
        v_signed := CASE record_movement.movement_type WHEN 'consumption' THEN -record_movement.quantity
                         ELSE record_movement.quantity END;
    END IF;
    IF record_movement.batch_id IS NOT NULL THEN
        v_batch := catalog.require_batch(v_tenant_id, v_product.id, record_movement.batch_id);
        IF record_movement.movement_type = 'consumption'
           AND v_batch.expiry_date < (now() AT TIME ZONE (
               SELECT w.timezone FROM warehouse.warehouse AS w
               WHERE w.tenant_id = v_tenant_id AND w.id = v_location.warehouse_id
           ))::date THEN
            RAISE EXCEPTION 'batch % of % expired on %', ops.printable(v_batch.batch_number), v_product.sku, v_batch.expiry_date
                USING ERRCODE = 'SD005',
                      DETAIL = format('Consumption of an expired batch at location %s.', v_location.code),
                      HINT = 'Write expired stock off with an adjustment, or choose another batch.';
        END IF;
    END IF;

    PERFORM inventory.lock_stock(v_tenant_id, ARRAY[v_product.id], ARRAY[v_location.warehouse_id]);
    -- Read again under the lock, which api.hold_batch takes too.
    IF record_movement.movement_type = 'consumption' AND EXISTS (
        SELECT FROM catalog.product_batch AS b
        WHERE b.tenant_id = v_tenant_id AND b.id = record_movement.batch_id AND b.held_at IS NOT NULL
    ) THEN
        RAISE EXCEPTION 'batch % of % is on hold', ops.printable(v_batch.batch_number), v_product.sku
            USING ERRCODE = 'SD005', DETAIL = format('Consumption of a held batch at location %s.', v_location.code),
                  HINT = 'Choose another batch, write the held stock off with an adjustment, or lift the hold '
                         '(api.lift_batch_hold).';
    END IF;
    IF v_signed < 0 THEN
        v_available := inventory.available_at(v_tenant_id, v_product.id, v_batch.id, v_location.id);
        IF v_available < -v_signed AND v_batch.id IS NULL AND EXISTS (
            SELECT 1 FROM inventory.inventory AS i
            WHERE i.tenant_id = v_tenant_id AND i.product_id = v_product.id AND i.location_id = v_location.id
              AND i.batch_id IS NOT NULL AND i.deleted_at IS NULL AND i.on_hand > 0
        ) THEN
            RAISE EXCEPTION 'batch_id is required: % is held in batches at %', v_product.sku, v_location.code
                USING ERRCODE = '22023',
                      DETAIL = (
                          SELECT 'Available: ' || string_agg(format('%s %s', ops.printable(b.batch_number), i.available), ', ' ORDER BY b.batch_number)
                          FROM inventory.inventory AS i
                          JOIN catalog.product_batch AS b ON b.tenant_id = i.tenant_id AND b.id = i.batch_id
                          WHERE i.tenant_id = v_tenant_id AND i.product_id = v_product.id
                            AND i.location_id = v_location.id AND i.deleted_at IS NULL
                      ),
                      HINT = 'Say which batch the stock leaves from.';
        END IF;
        IF v_available < -v_signed THEN
            PERFORM inventory.raise_insufficient(
                v_product.sku, -v_signed, v_available,
                format('at location %s%s', v_location.code, coalesce(' in batch ' || ops.printable(v_batch.batch_number), ''))
            );
        END IF;
    END IF;

    PERFORM inventory.post_movement(
        v_tenant_id, record_movement.movement_type::inventory.stock_movement_type, v_product.id, v_batch.id, v_location.id, v_signed,
        NULL, NULL, record_movement.reason, record_movement.idempotency_key,
        v_movement_id
    );
    RETURN v_movement_id;
END
$$;

COMMENT ON FUNCTION api.record_movement(text, text, uuid, uuid, numeric, uuid, text) IS
'Records an adjustment (signed quantity, reason required), consumption or returned (positive quantity) '
'at one location and returns the movement id. Errors: 42501, 22023 (also a return beyond the location''s '
'capacity), SD404, SD001 not enough available, '
'SD005 consumption of an expired or held batch, SD002 key reused with other arguments.';
