-- api.count_stock: a cycle count; the difference is posted as an adjustment.
CREATE OR REPLACE FUNCTION api.count_stock(
    idempotency_key text,
    product_id uuid,
    location_id uuid,
    batch_id uuid,
    counted_quantity numeric,
    reason text DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
#variable_conflict use_column
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_claim record;
    v_product catalog.product;
    v_location warehouse.location;
    v_batch catalog.product_batch;
    v_on_hand numeric;
    v_reserved numeric;
    v_movement_id uuid;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.count_stock');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, count_stock.idempotency_key, 'api.count_stock',
        jsonb_build_object(
            'product_id', count_stock.product_id, 'location_id', count_stock.location_id,
            'batch_id', count_stock.batch_id, 'counted_quantity', trim_scale(count_stock.counted_quantity),
            'reason', count_stock.reason
        )
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'movement_id')::uuid;
    END IF;

    v_product := catalog.lock_product(v_tenant_id, count_stock.product_id);
    v_location := warehouse.require_location(v_tenant_id, count_stock.location_id);
    IF count_stock.batch_id IS NOT NULL THEN
        v_batch := catalog.require_batch(v_tenant_id, v_product.id, count_stock.batch_id);
    END IF;
    IF count_stock.counted_quantity IS NULL OR count_stock.counted_quantity < 0 THEN
        RAISE EXCEPTION 'counted_quantity must be zero or more'
            USING ERRCODE = '22023',
                  DETAIL = format('counted_quantity => %s.', coalesce(count_stock.counted_quantity::text, 'NULL')),
                  HINT = 'Pass what was counted on the shelf.';
    END IF;
    IF count_stock.counted_quantity > 0 THEN
        PERFORM catalog.check_quantity(v_product, count_stock.counted_quantity, 'counted_quantity');
    END IF;

    PERFORM inventory.lock_stock(v_tenant_id, ARRAY[v_product.id], ARRAY[v_location.warehouse_id]);
    -- The count is compared with the balance as it is now. Under READ
    -- COMMITTED the stock lock makes this read current. Under REPEATABLE READ
    -- or SERIALIZABLE the read sees the transaction's snapshot, so it locks:
    -- a balance changed since then fails with 40001 (retry with the same key)
    -- instead of a count that "matches" stock that has since moved.
    SELECT i.on_hand, i.reserved INTO v_on_hand, v_reserved
    FROM inventory.inventory AS i
    WHERE i.tenant_id = v_tenant_id AND i.product_id = v_product.id AND i.location_id = v_location.id
      AND (i.batch_id = v_batch.id OR i.batch_id IS NULL AND v_batch.id IS NULL)
      AND i.deleted_at IS NULL
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        v_on_hand := 0;
        v_reserved := 0;
        -- Nor can a snapshot see a balance created since: an empty one, as
        -- the ledger trigger makes, fails with 40001 where another
        -- transaction's is.
        IF current_setting('transaction_isolation') <> 'read committed' THEN
            INSERT INTO inventory.inventory (tenant_id, product_id, batch_id, location_id)
            VALUES (v_tenant_id, v_product.id, v_batch.id, v_location.id)
            ON CONFLICT (tenant_id, product_id, location_id, batch_id) WHERE deleted_at IS NULL DO NOTHING;
        END IF;
    END IF;

    IF count_stock.counted_quantity < v_reserved THEN
        RAISE EXCEPTION 'counted % of % is less than the % reserved there',
            count_stock.counted_quantity, v_product.sku, trim_scale(v_reserved)
            USING ERRCODE = 'SD001',
                  DETAIL = format('asked %s, available %s at location %s (on hand %s, reserved %s)',
                                  v_on_hand - count_stock.counted_quantity, v_on_hand - v_reserved,
                                  v_location.code, v_on_hand, v_reserved),
                  HINT = 'Release or move the reservations that hold this stock, then count again.';
    END IF;
    IF count_stock.counted_quantity <> v_on_hand THEN
        v_movement_id := inventory.post_movement(
            v_tenant_id, 'adjustment', v_product.id, v_batch.id, v_location.id,
            count_stock.counted_quantity - v_on_hand, NULL, NULL,
            coalesce(count_stock.reason, 'cycle count'), count_stock.idempotency_key
        );
    END IF;
    PERFORM inventory.finish_request(v_tenant_id, v_claim.request_id, jsonb_build_object('movement_id', v_movement_id));
    RETURN v_movement_id;
END
$$;

COMMENT ON FUNCTION api.count_stock(text, uuid, uuid, uuid, numeric, text) IS
'Records a cycle count of one product batch at one location: posts counted - on_hand as an adjustment '
'and returns its id, or NULL when the count matches. Errors: 42501, 22023, SD404, SD001 counted below '
'what is reserved there, SD002 key reused; 40001 under REPEATABLE READ or SERIALIZABLE when the '
'stock there changed after the transaction''s snapshot (retry with the same key).';
