-- api.count_stock_at: a cycle count that says when the shelf was counted. A
-- count sent later than it was taken (a scanner that syncs at the end of the
-- round) would, as api.count_stock, be compared with the stock as it is when
-- it arrives, and undo every sale and receipt made there in between.
CREATE OR REPLACE FUNCTION api.count_stock_at(
    idempotency_key text,
    product_id uuid,
    location_id uuid,
    batch_id uuid,
    counted_quantity numeric,
    counted_at timestamptz,
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
    v_movement_id uuid;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.count_stock_at');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, count_stock_at.idempotency_key, 'api.count_stock_at',
        jsonb_build_object(
            'product_id', count_stock_at.product_id, 'location_id', count_stock_at.location_id,
            'batch_id', count_stock_at.batch_id, 'counted_quantity', trim_scale(count_stock_at.counted_quantity),
            'counted_at', count_stock_at.counted_at AT TIME ZONE 'UTC', 'reason', count_stock_at.reason
        )
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'movement_id')::uuid;
    END IF;
    IF count_stock_at.counted_at IS NULL OR NOT isfinite(count_stock_at.counted_at) THEN
        RAISE EXCEPTION 'counted_at must be a time'
            USING ERRCODE = '22023',
                  DETAIL = format('counted_at => %s.', coalesce(count_stock_at.counted_at::text, 'NULL')),
                  HINT = 'Pass when the shelf was counted, or call api.count_stock for a count taken now.';
    END IF;

    v_movement_id := inventory.post_count(
        v_tenant_id, count_stock_at.product_id, count_stock_at.location_id, count_stock_at.batch_id,
        count_stock_at.counted_quantity, count_stock_at.counted_at, count_stock_at.reason,
        count_stock_at.idempotency_key
    );
    PERFORM inventory.finish_request(v_tenant_id, v_claim.request_id, jsonb_build_object('movement_id', v_movement_id));
    RETURN v_movement_id;
END
$$;

COMMENT ON FUNCTION api.count_stock_at(text, uuid, uuid, uuid, numeric, timestamptz, text) IS
'Records a cycle count of one product batch at one location taken at counted_at: posts counted - (on_hand '
'- what the ledger moved there since counted_at) as an adjustment, so what moved after the count stays, '
'and returns its id, or NULL when the count matched the stock then. Errors: 42501; 22023 a bad argument, '
'counted_at in the future or before the ledger''s attached months; SD404; SD001 the count with what moved '
'since is below what is reserved there; SD004 an adjustment was posted there after counted_at (count '
'again); SD002 key reused; 40001 under REPEATABLE READ or SERIALIZABLE when the stock there changed '
'after the transaction''s snapshot (retry with the same key).';
