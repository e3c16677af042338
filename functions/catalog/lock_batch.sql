-- A batch to change, at the version the caller read. The product's stock
-- lock is taken first, in every warehouse of the tenant, in the order a
-- movement takes its locks (its ledger row's foreign key holds the batch):
-- no movement or reservation of the batch can run meanwhile, and what it
-- decides after sees the change. FOR UPDATE then waits for the movements and
-- reservations under way (their foreign keys hold the row FOR KEY SHARE).
CREATE OR REPLACE FUNCTION catalog.lock_batch(tenant_id uuid, batch_id uuid, version integer)
RETURNS catalog.product_batch
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_batch catalog.product_batch;
    v_warehouse_ids uuid[];
BEGIN
    SELECT b.* INTO v_batch
    FROM catalog.product_batch AS b
    WHERE b.tenant_id = lock_batch.tenant_id AND b.id = lock_batch.batch_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'batch % not found', lock_batch.batch_id
            USING ERRCODE = 'SD404', DETAIL = 'No batch with this id belongs to the calling tenant.',
                  HINT = 'Check the id (report.batches, or the batch_id of a balance).';
    END IF;
    v_warehouse_ids := ARRAY(
        SELECT w.id FROM warehouse.warehouse AS w WHERE w.tenant_id = lock_batch.tenant_id
    );
    IF cardinality(v_warehouse_ids) > 0 THEN
        PERFORM inventory.lock_stock(lock_batch.tenant_id, ARRAY[v_batch.product_id], v_warehouse_ids);
    END IF;
    SELECT b.* INTO v_batch
    FROM catalog.product_batch AS b
    WHERE b.tenant_id = lock_batch.tenant_id AND b.id = lock_batch.batch_id
    FOR UPDATE;
    PERFORM ops.check_version('batch', v_batch.id, lock_batch.version, v_batch.version);
    RETURN v_batch;
END
$$;
COMMENT ON FUNCTION catalog.lock_batch(uuid, uuid, integer) IS
'The tenant''s batch, locked FOR UPDATE after its product''s stock locks in every warehouse, at the '
'caller''s version; SD404 unknown, 22023/SD004 missing or stale version.';
