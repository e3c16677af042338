-- inventory.post_count: a cycle count under the caller's claim. The count is
-- compared with what the books held there when it was taken: now, or at
-- counted_at, which is the balance now less what the ledger moved there
-- since. So a count taken at 10:00 and sent at 10:30 does not undo what was
-- sold in between: it posts counted - (on_hand - moved since), and what moved
-- since stays.
CREATE OR REPLACE FUNCTION inventory.post_count(
    tenant_id uuid,
    product_id uuid,
    location_id uuid,
    batch_id uuid,
    counted_quantity numeric,
    counted_at timestamptz,
    reason text,
    idempotency_key text
)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_product catalog.product;
    v_location warehouse.location;
    v_batch catalog.product_batch;
    v_attached_from timestamptz;
    v_on_hand numeric;
    v_reserved numeric;
    v_moved numeric := 0;
    v_adjusted_at timestamptz;
BEGIN
    -- Tested inline first: the call costs 5 µs a movement, the test 0.1.
    IF length(post_count.reason) > 500 THEN
        PERFORM ops.require_length(post_count.reason, 'reason', 500);
    END IF;
    v_product := catalog.lock_product(post_count.tenant_id, post_count.product_id);
    v_location := warehouse.require_location(post_count.tenant_id, post_count.location_id);
    IF post_count.batch_id IS NOT NULL THEN
        v_batch := catalog.require_batch(post_count.tenant_id, v_product.id, post_count.batch_id);
    END IF;
    IF post_count.counted_quantity IS NULL OR post_count.counted_quantity < 0 THEN
        RAISE EXCEPTION 'counted_quantity must be zero or more'
            USING ERRCODE = '22023',
                  DETAIL = format('counted_quantity => %s.', coalesce(post_count.counted_quantity::text, 'NULL')),
                  HINT = 'Pass what was counted on the shelf.';
    END IF;
    IF post_count.counted_quantity > 0 THEN
        PERFORM catalog.check_quantity(v_product, post_count.counted_quantity, 'counted_quantity');
    END IF;
    IF post_count.counted_at IS NOT NULL THEN
        -- Five minutes for a counting device's clock ahead of the server's.
        IF post_count.counted_at > statement_timestamp() + interval '5 minutes' THEN
            RAISE EXCEPTION 'counted_at is in the future'
                USING ERRCODE = '22023',
                      DETAIL = format('counted_at => %s, now is %s.', post_count.counted_at, statement_timestamp()),
                      HINT = 'Pass when the shelf was counted.';
        END IF;
        v_attached_from := inventory.ledger_attached_from();
        IF post_count.counted_at < v_attached_from THEN
            RAISE EXCEPTION 'counted_at is before %, where the ledger''s attached months begin', v_attached_from
                USING ERRCODE = '22023',
                      DETAIL = format('counted_at => %s; what moved there since cannot be read from the '
                                      'months ledger retention detached.', post_count.counted_at),
                      HINT = 'Count the shelf again.';
        END IF;
    END IF;

    PERFORM inventory.lock_stock(post_count.tenant_id, ARRAY[v_product.id], ARRAY[v_location.warehouse_id]);
    -- The count is compared with the balance as it is now. Under READ
    -- COMMITTED the stock lock makes this read current. Under REPEATABLE READ
    -- or SERIALIZABLE the read sees the transaction's snapshot, so it locks:
    -- a balance changed since then fails with 40001 (retry with the same key)
    -- instead of a count that "matches" stock that has since moved.
    SELECT i.on_hand, i.reserved INTO v_on_hand, v_reserved
    FROM inventory.inventory AS i
    WHERE i.tenant_id = post_count.tenant_id AND i.product_id = v_product.id AND i.location_id = v_location.id
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
            VALUES (post_count.tenant_id, v_product.id, v_batch.id, v_location.id)
            ON CONFLICT (tenant_id, product_id, location_id, batch_id) WHERE deleted_at IS NULL DO NOTHING;
        END IF;
    END IF;

    IF post_count.counted_at IS NOT NULL THEN
        -- Under the stock lock no movement there is under way, so the
        -- ledger since counted_at is all there is. A reservation's rows move
        -- nothing off the shelf.
        SELECT coalesce(sum(inventory.on_hand_delta(m.movement_type, m.quantity)), 0),
               max(m.occurred_at) FILTER (WHERE m.movement_type = 'adjustment')
        INTO v_moved, v_adjusted_at
        FROM inventory.stock_movement AS m
        WHERE m.tenant_id = post_count.tenant_id AND m.product_id = v_product.id
          AND m.location_id = v_location.id AND m.batch_id IS NOT DISTINCT FROM v_batch.id
          AND m.occurred_at > post_count.counted_at;
        -- A later count's correction (or a write-off) is in the books since;
        -- this count's difference would be taken on top of it.
        IF v_adjusted_at IS NOT NULL THEN
            RAISE EXCEPTION 'an adjustment of % at % was posted after it was counted', v_product.sku, v_location.code
                USING ERRCODE = 'SD004',
                      DETAIL = format('counted_at => %s, adjustment at %s.', post_count.counted_at, v_adjusted_at),
                      HINT = 'Count the shelf again, or post the count without counted_at (api.count_stock) '
                             'to take it as of now.';
        END IF;
    END IF;

    IF post_count.counted_quantity + v_moved < v_reserved THEN
        IF post_count.counted_at IS NULL THEN
            RAISE EXCEPTION 'counted % of % is less than the % reserved there',
                post_count.counted_quantity, v_product.sku, trim_scale(v_reserved)
                USING ERRCODE = 'SD001',
                      DETAIL = format('asked %s, available %s at location %s (on hand %s, reserved %s)',
                                      v_on_hand - post_count.counted_quantity, v_on_hand - v_reserved,
                                      v_location.code, v_on_hand, v_reserved),
                      HINT = 'Release or move the reservations that hold this stock, then count again.';
        END IF;
        RAISE EXCEPTION 'counted % of %, with % moved there since, leaves % on hand, less than the % reserved there',
            post_count.counted_quantity, v_product.sku, trim_scale(v_moved),
            trim_scale(post_count.counted_quantity + v_moved), trim_scale(v_reserved)
            USING ERRCODE = 'SD001',
                  DETAIL = format('asked %s, available %s at location %s (on hand %s, reserved %s; %s moved '
                                  'there since counted_at => %s)',
                                  v_on_hand - v_moved - post_count.counted_quantity, v_on_hand - v_reserved,
                                  v_location.code, v_on_hand, v_reserved, trim_scale(v_moved),
                                  post_count.counted_at),
                  HINT = 'Count the shelf again; if the count is right, release or move the reservations '
                         'that hold this stock first.';
    END IF;
    IF post_count.counted_quantity <> v_on_hand - v_moved THEN
        RETURN inventory.post_movement(
            post_count.tenant_id, 'adjustment', v_product.id, v_batch.id, v_location.id,
            post_count.counted_quantity - (v_on_hand - v_moved), NULL, NULL,
            coalesce(post_count.reason, 'cycle count'), post_count.idempotency_key
        );
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION inventory.post_count(uuid, uuid, uuid, uuid, numeric, timestamptz, text, text) IS
'A cycle count of one product batch at one location, under the caller''s idempotency claim: posts '
'counted - (on_hand - what moved there since counted_at, or nothing without it) as an adjustment and '
'returns its id, or NULL when the count matches. For api.count_stock and api.count_stock_at.';
