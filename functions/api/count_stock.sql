-- api.count_stock: a cycle count taken now; the difference is posted as an
-- adjustment. api.count_stock_at takes one counted earlier.
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

    v_movement_id := inventory.post_count(
        v_tenant_id, count_stock.product_id, count_stock.location_id, count_stock.batch_id,
        count_stock.counted_quantity, NULL, count_stock.reason, count_stock.idempotency_key
    );
    PERFORM inventory.finish_request(v_tenant_id, v_claim.request_id, jsonb_build_object('movement_id', v_movement_id));
    RETURN v_movement_id;
END
$$;

COMMENT ON FUNCTION api.count_stock(text, uuid, uuid, uuid, numeric, text) IS
'Records a cycle count of one product batch at one location: posts counted - on_hand as an adjustment '
'and returns its id, or NULL when the count matches. Errors: 42501, 22023, SD404, SD001 counted below '
'what is reserved there, SD002 key reused; 40001 under REPEATABLE READ or SERIALIZABLE when the '
'stock there changed after the transaction''s snapshot (retry with the same key).';
