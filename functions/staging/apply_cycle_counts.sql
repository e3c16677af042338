-- Applies a validated cycle-count batch: the stock of its warehouses is held
-- (since staging.check_cycle_counts), so no api call moves it between the
-- check, the reading and the posting, and the balances counted are locked in
-- key order (against writers that take no stock lock); then each difference
-- is posted as an adjustment with the key import:<batch>:<row>. A count
-- below what is reserved fails on the balance's CHECK, and the whole batch
-- with it.
CREATE OR REPLACE FUNCTION staging.apply_cycle_counts(
    tenant_id uuid, batch_id uuid, mode text,
    OUT inserted integer, OUT updated integer, OUT unchanged integer
)
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_rows integer;
BEGIN
    -- Held since the check, in the same transaction (then this takes nothing new).
    PERFORM inventory.lock_warehouse_stock(
        apply_cycle_counts.tenant_id,
        staging.cycle_count_warehouses(apply_cycle_counts.tenant_id, apply_cycle_counts.batch_id)
    );
    PERFORM 1
    FROM inventory.inventory AS i
    JOIN staging.cycle_count_source(apply_cycle_counts.tenant_id, apply_cycle_counts.batch_id) AS s
        ON i.product_id = s.product_id AND i.location_id = s.location_id
       AND i.batch_id IS NOT DISTINCT FROM s.lot_id
    WHERE i.tenant_id = apply_cycle_counts.tenant_id AND i.deleted_at IS NULL
    ORDER BY i.tenant_id, i.id
    FOR UPDATE OF i;

    WITH src AS MATERIALIZED (
        -- A row counted earlier takes the difference from the stock as it stood then.
        SELECT s.*, s.counted_quantity - (s.on_hand - s.moved_since) AS difference,
               ops.uuid_v7() AS movement_id,
               format('import:%s:%s', apply_cycle_counts.batch_id, s.row_number) AS idempotency_key
        FROM staging.cycle_count_source(apply_cycle_counts.tenant_id, apply_cycle_counts.batch_id) AS s
        WHERE s.counted_quantity <> s.on_hand - s.moved_since
    ),
    claimed AS (
        INSERT INTO inventory.movement_request (tenant_id, idempotency_key, function_name, request_hash, result)
        SELECT apply_cycle_counts.tenant_id, src.idempotency_key, 'staging.apply_cycle_counts',
               sha256(convert_to(concat_ws('/', src.product_id, src.location_id, src.lot_id, src.counted_quantity,
                                           src.counted_at), 'UTF8')),
               jsonb_build_object('movement_id', src.movement_id)
        FROM src
        RETURNING movement_request.idempotency_key
    )
    INSERT INTO inventory.stock_movement (
        id, tenant_id, movement_type, product_id, batch_id, location_id, quantity,
        reference_type, reference_id, reason, idempotency_key, created_by
    )
    SELECT src.movement_id, apply_cycle_counts.tenant_id, 'adjustment', src.product_id, src.lot_id,
           src.location_id, src.difference, 'import_batch', apply_cycle_counts.batch_id,
           coalesce(src.reason, 'cycle count'), claimed.idempotency_key, auth.current_user_id()
    FROM src JOIN claimed ON claimed.idempotency_key = src.idempotency_key
    ORDER BY src.product_id, src.location_id, src.lot_id;
    GET DIAGNOSTICS inserted = ROW_COUNT;

    SELECT count(*) INTO v_rows FROM staging.cycle_count_row AS r
    WHERE r.tenant_id = apply_cycle_counts.tenant_id AND r.batch_id = apply_cycle_counts.batch_id;
    updated := 0;
    unchanged := v_rows - inserted;
END
$$;
COMMENT ON FUNCTION staging.apply_cycle_counts(uuid, uuid, text) IS
'Posts a validated cycle-count batch: locks the balances counted, then one adjustment per row whose '
'count differs from on_hand (for a row with counted_at, from on_hand then: on_hand less what moved there '
'since; key import:<batch id>:<row>); returns the counts (inserted = adjustments, unchanged = counts '
'that matched).';
