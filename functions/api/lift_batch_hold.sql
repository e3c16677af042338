-- api.lift_batch_hold: the lot is cleared and may leave again.
CREATE OR REPLACE FUNCTION api.lift_batch_hold(batch_id uuid, version integer)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_batch catalog.product_batch;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.lift_batch_hold');
    PERFORM ops.require_id(lift_batch_hold.batch_id, 'batch_id', 'batch');
    v_batch := catalog.lock_batch(v_tenant_id, lift_batch_hold.batch_id, lift_batch_hold.version);
    IF v_batch.held_at IS NULL THEN
        RAISE EXCEPTION 'batch % is not on hold', ops.printable(v_batch.batch_number)
            USING ERRCODE = '22023',
                  DETAIL = format('batch_id => %s: batch %s has no hold to lift.', v_batch.id, ops.printable(v_batch.batch_number)),
                  HINT = 'Check the batch (report.batches, held_at).';
    END IF;
    UPDATE catalog.product_batch AS b
    SET held_at = NULL, hold_reason = NULL
    WHERE b.tenant_id = v_tenant_id AND b.id = v_batch.id
    RETURNING b.version INTO v_version;
    -- What of the product can be sold changed with it.
    PERFORM inventory.judge_product_stock_alerts(v_tenant_id, v_batch.product_id);
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.lift_batch_hold(uuid, integer) IS
'Lifts a batch''s hold (api.hold_batch) at the version the caller read and returns its new version: it is '
'allocated, issued and consumed again, and sellable (the product''s stock alerts are judged again). '
'Errors: 42501, 22023 no batch_id, not on hold or no version, SD404 unknown batch, SD004 stale version.';
