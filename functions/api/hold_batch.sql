-- api.hold_batch: a lot that must not leave (a quality check, a recall).
CREATE OR REPLACE FUNCTION api.hold_batch(batch_id uuid, version integer, reason text)
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
    PERFORM auth.require_permission(v_tenant_id, 'api.hold_batch');
    PERFORM ops.require_id(hold_batch.batch_id, 'batch_id', 'batch');
    PERFORM ops.require_length(hold_batch.reason, 'reason', 500);
    IF coalesce(btrim(hold_batch.reason), '') = '' THEN
        RAISE EXCEPTION 'a hold needs a reason'
            USING ERRCODE = '22023', DETAIL = format('reason => %s.', ops.quoted_excerpt(hold_batch.reason)),
                  HINT = 'Say why the batch is held (recall, quality check, ...).';
    END IF;
    -- Under the product's stock locks: a reservation or issue under way ends
    -- before the hold, and every one after it sees the hold.
    v_batch := catalog.lock_batch(v_tenant_id, hold_batch.batch_id, hold_batch.version);
    UPDATE catalog.product_batch AS b
    SET held_at = coalesce(b.held_at, now()), hold_reason = hold_batch.reason
    WHERE b.tenant_id = v_tenant_id AND b.id = v_batch.id
    RETURNING b.version INTO v_version;
    -- What of the product can be sold changed with it.
    PERFORM inventory.judge_product_stock_alerts(v_tenant_id, v_batch.product_id);
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.hold_batch(uuid, integer, text) IS
'Puts a batch on hold (a quality check, a recall) with a reason, at the version the caller read, and returns '
'its new version: allocation passes over it in every warehouse, and its reserved stock is not issued (SD005) '
'nor consumed until api.lift_batch_hold; it can still be moved, counted, written off and returned. Holding '
'a held batch changes the reason and keeps held_at. Its stock is no longer sellable: the product''s '
'out_of_stock and low_stock are judged again at once. Errors: 42501, 22023 no batch_id, no reason or no version, SD404 '
'unknown batch, SD004 stale version.';
