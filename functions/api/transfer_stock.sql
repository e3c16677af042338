-- api.transfer_stock: move stock between two locations, batch and all.
CREATE OR REPLACE FUNCTION api.transfer_stock(
    idempotency_key text,
    product_id uuid,
    from_location_id uuid,
    to_location_id uuid,
    quantity numeric,
    batch_id uuid DEFAULT NULL
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
    v_from warehouse.location;
    v_to warehouse.location;
    v_batch catalog.product_batch;
    v_available numeric;
    v_transfer_id uuid := ops.uuid_v7();
    v_batch_ids uuid[];
    v_quantities numeric[];
    v_total numeric;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.transfer_stock');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, transfer_stock.idempotency_key, 'api.transfer_stock',
        jsonb_build_object(
            'product_id', transfer_stock.product_id, 'from_location_id', transfer_stock.from_location_id,
            'to_location_id', transfer_stock.to_location_id, 'quantity', trim_scale(transfer_stock.quantity),
            'batch_id', transfer_stock.batch_id
        ),
        jsonb_build_object('transfer_id', v_transfer_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'transfer_id')::uuid;
    END IF;

    v_product := catalog.lock_product(v_tenant_id, transfer_stock.product_id);
    v_from := warehouse.require_location(v_tenant_id, transfer_stock.from_location_id, 'from_location_id');
    v_to := warehouse.require_location(v_tenant_id, transfer_stock.to_location_id, 'to_location_id');
    IF v_from.id = v_to.id THEN
        RAISE EXCEPTION 'a transfer needs two different locations'
            USING ERRCODE = '22023', DETAIL = format('from and to are both %s.', v_from.code),
                  HINT = 'Pass the location the stock goes to as to_location_id.';
    END IF;
    PERFORM catalog.check_quantity(v_product, transfer_stock.quantity, 'quantity');

    PERFORM inventory.lock_stock(v_tenant_id, ARRAY[v_product.id], ARRAY[v_from.warehouse_id, v_to.warehouse_id]);

    IF transfer_stock.batch_id IS NOT NULL THEN
        v_batch := catalog.require_batch(v_tenant_id, v_product.id, transfer_stock.batch_id);
        -- Expired stock may only go to quarantine.
        IF v_to.kind <> 'quarantine' AND v_batch.expiry_date < (now() AT TIME ZONE (
            SELECT w.timezone FROM warehouse.warehouse AS w WHERE w.tenant_id = v_tenant_id AND w.id = v_from.warehouse_id
        ))::date THEN
            RAISE EXCEPTION 'batch % of % expired on %', ops.printable(v_batch.batch_number), v_product.sku, v_batch.expiry_date
                USING ERRCODE = 'SD005',
                      DETAIL = format('Transfer from %s to %s (%s).', v_from.code, v_to.code, v_to.kind),
                      HINT = 'Expired stock can only be moved to a quarantine location.';
        END IF;
        v_available := inventory.available_at(v_tenant_id, v_product.id, v_batch.id, v_from.id);
        IF v_available < transfer_stock.quantity THEN
            PERFORM inventory.raise_insufficient(
                v_product.sku, transfer_stock.quantity, v_available,
                format('at location %s in batch %s', v_from.code, ops.printable(v_batch.batch_number))
            );
        END IF;
        PERFORM inventory.post_movement(
            v_tenant_id, 'transfer_out', v_product.id, v_batch.id, v_from.id, -transfer_stock.quantity,
            'transfer', v_transfer_id, NULL, transfer_stock.idempotency_key
        );
        PERFORM inventory.post_movement(
            v_tenant_id, 'transfer_in', v_product.id, v_batch.id, v_to.id, transfer_stock.quantity,
            'transfer', v_transfer_id, NULL, transfer_stock.idempotency_key
        );
    ELSE
        SELECT coalesce(array_agg(a.batch_id), '{}'), coalesce(array_agg(a.allocated), '{}'), coalesce(sum(a.allocated), 0)
        INTO v_batch_ids, v_quantities, v_total
        FROM inventory.allocate(v_tenant_id, v_product.id, v_from.warehouse_id, transfer_stock.quantity, v_from.id) AS a;
        IF v_total < transfer_stock.quantity THEN
            PERFORM inventory.raise_insufficient(
                v_product.sku, transfer_stock.quantity, v_total, format('at location %s', v_from.code)
            );
        END IF;
        FOR v_i IN 1..cardinality(v_quantities) LOOP
            PERFORM inventory.post_movement(
                v_tenant_id, 'transfer_out', v_product.id, v_batch_ids[v_i], v_from.id, -v_quantities[v_i],
                'transfer', v_transfer_id, NULL, transfer_stock.idempotency_key
            );
            PERFORM inventory.post_movement(
                v_tenant_id, 'transfer_in', v_product.id, v_batch_ids[v_i], v_to.id, v_quantities[v_i],
                'transfer', v_transfer_id, NULL, transfer_stock.idempotency_key
            );
        END LOOP;
    END IF;

    RETURN v_transfer_id;
END
$$;

COMMENT ON FUNCTION api.transfer_stock(text, uuid, uuid, uuid, numeric, uuid) IS
'Moves quantity of a product from one location to another as transfer_out + transfer_in rows in one '
'transaction; the batch goes with the stock (the given batch, or FEFO/FIFO from the source). Returns the '
'transfer id (reference_id of the movements). Errors: 42501, 22023 (also no room at a destination with a '
'capacity), SD404, SD001 not enough available '
'at the source, SD005 expired batch to a non-quarantine location, SD002 key reused.';
