-- ops.purge_outbox: delivered outbox rows are MongoDB's to keep now; after a
-- grace period (to look into a delivery, or to re-send after restoring a
-- MongoDB backup) they go. Undelivered rows are never touched.
-- No SET search_path: a procedure with one may not COMMIT.
CREATE OR REPLACE PROCEDURE ops.purge_outbox(
    older_than interval DEFAULT '7 days', batch_size integer DEFAULT 10000
)
LANGUAGE plpgsql
AS $$
DECLARE
    v_run bigint;
    v_cutoff timestamptz;
    v_batch bigint;
    v_total bigint := 0;
BEGIN
    IF purge_outbox.older_than IS NULL OR purge_outbox.older_than < interval '1 hour' THEN
        RAISE EXCEPTION 'older_than must be at least 1 hour'
            USING ERRCODE = '22023',
                  DETAIL = pg_catalog.format('ops.purge_outbox was called with older_than => %L.',
                                             purge_outbox.older_than),
                  HINT = 'Delivered rows are the way to re-send to a restored MongoDB; keep them a while.';
    END IF;
    IF purge_outbox.batch_size IS NULL OR purge_outbox.batch_size < 1 THEN
        RAISE EXCEPTION 'batch_size must be positive' USING ERRCODE = '22023',
            DETAIL = pg_catalog.format('batch_size => %s.', coalesce(purge_outbox.batch_size::text, 'NULL')),
            HINT = 'Leave it at its default of 10000.';
    END IF;
    v_run := ops.start_run('purge-outbox');
    v_cutoff := ops.ago(purge_outbox.older_than);
    COMMIT;
    LOOP
        DELETE FROM audit.outbox AS o
        WHERE o.id IN (
            SELECT d.id FROM audit.outbox AS d
            WHERE d.delivered_at < v_cutoff
            ORDER BY d.delivered_at
            LIMIT purge_outbox.batch_size
        );
        GET DIAGNOSTICS v_batch = ROW_COUNT;
        v_total := v_total + v_batch;
        COMMIT;
        EXIT WHEN v_batch < purge_outbox.batch_size;
    END LOOP;
    PERFORM ops.finish_run(v_run, 'ok', pg_catalog.jsonb_build_object('purged', v_total, 'cutoff', v_cutoff));
    COMMIT;
END
$$;
COMMENT ON PROCEDURE ops.purge_outbox (interval, integer) IS
'Deletes outbox rows delivered more than older_than ago (at least 1 hour; default 7 days) in batches of '
'batch_size, one transaction each; undelivered rows stay. Records the count in ops.maintenance_run.';
