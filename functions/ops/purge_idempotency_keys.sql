-- ops.purge_idempotency_keys: forget old idempotency keys. A retry of a
-- purged key would run again, so keys are kept at least an hour and by
-- default 30 days, far longer than any client retries.
-- No SET search_path: a procedure with one may not COMMIT.
CREATE OR REPLACE PROCEDURE ops.purge_idempotency_keys(
    older_than interval DEFAULT '30 days', batch_size integer DEFAULT 10000
)
LANGUAGE plpgsql
AS $$
DECLARE
    v_run bigint;
    v_cutoff timestamptz;
    v_batch bigint;
    v_total bigint := 0;
BEGIN
    IF purge_idempotency_keys.older_than IS NULL OR purge_idempotency_keys.older_than < interval '1 hour' THEN
        RAISE EXCEPTION 'older_than must be at least 1 hour'
            USING ERRCODE = '22023',
                  DETAIL = pg_catalog.format('ops.purge_idempotency_keys was called with older_than => %L.',
                                             purge_idempotency_keys.older_than),
                  HINT = 'Keys are what makes retries safe; keep them longer than any client retries.';
    END IF;
    IF purge_idempotency_keys.batch_size IS NULL OR purge_idempotency_keys.batch_size < 1 THEN
        RAISE EXCEPTION 'batch_size must be positive' USING ERRCODE = '22023',
            DETAIL = pg_catalog.format('batch_size => %s.', coalesce(purge_idempotency_keys.batch_size::text, 'NULL')),
            HINT = 'Leave it at its default of 10000.';
    END IF;
    v_run := ops.start_run('purge-idempotency-keys');
    v_cutoff := ops.ago(purge_idempotency_keys.older_than);
    COMMIT;
    LOOP
        -- Short transactions: a batch at a time, oldest first.
        DELETE FROM inventory.movement_request AS mr
        WHERE (mr.tenant_id, mr.id) IN (
            SELECT o.tenant_id, o.id FROM inventory.movement_request AS o
            WHERE o.created_at < v_cutoff
            ORDER BY o.created_at
            LIMIT purge_idempotency_keys.batch_size
        );
        GET DIAGNOSTICS v_batch = ROW_COUNT;
        v_total := v_total + v_batch;
        COMMIT;
        EXIT WHEN v_batch < purge_idempotency_keys.batch_size;
    END LOOP;
    PERFORM ops.finish_run(v_run, 'ok', pg_catalog.jsonb_build_object('purged', v_total, 'cutoff', v_cutoff));
    COMMIT;
END
$$;
COMMENT ON PROCEDURE ops.purge_idempotency_keys (interval, integer) IS
'Deletes idempotency keys older than older_than (at least 1 hour; default 30 days) in batches of batch_size, '
'one transaction each, and records the count in ops.maintenance_run. A retry after its key is purged runs again.';
