-- ops.purge_import_rows: staged rows are only needed to inspect a batch and
-- write its error report; after the retention period the batch record and
-- its errors stay, its raw rows go. One batch per transaction.
-- No SET search_path: a procedure with one may not COMMIT.
CREATE OR REPLACE PROCEDURE ops.purge_import_rows(older_than interval DEFAULT '30 days')
LANGUAGE plpgsql
AS $$
DECLARE
    v_run bigint;
    v_batch record;
    v_table text;
    v_count bigint;
    v_rows bigint := 0;
    v_batches bigint := 0;
    v_cutoff timestamptz;
BEGIN
    IF purge_import_rows.older_than IS NULL OR purge_import_rows.older_than < interval '1 day' THEN
        RAISE EXCEPTION 'older_than must be at least 1 day'
            USING ERRCODE = '22023',
                  DETAIL = pg_catalog.format('ops.purge_import_rows was called with older_than => %L.',
                                             purge_import_rows.older_than),
                  HINT = 'Staged rows explain a recent import; keep them at least a day.';
    END IF;
    v_run := ops.start_run('purge-import-rows');
    v_cutoff := ops.ago(purge_import_rows.older_than);
    COMMIT;
    FOR v_batch IN
        SELECT b.tenant_id, b.id, k.row_table
        FROM staging.import_batch AS b
        JOIN staging.import_kind AS k ON k.kind = b.kind
        WHERE b.finished_at < v_cutoff AND b.status <> 'loading'
        ORDER BY b.finished_at
    LOOP
        v_table := v_batch.row_table;
        EXECUTE pg_catalog.format('DELETE FROM staging.%I AS r WHERE r.tenant_id = $1 AND r.batch_id = $2', v_table)
        USING v_batch.tenant_id, v_batch.id;
        GET DIAGNOSTICS v_count = ROW_COUNT;
        IF v_count > 0 THEN
            v_rows := v_rows + v_count;
            v_batches := v_batches + 1;
        END IF;
        COMMIT;
    END LOOP;
    PERFORM ops.finish_run(v_run, 'ok', pg_catalog.jsonb_build_object('batches', v_batches, 'rows', v_rows));
    COMMIT;
END
$$;
COMMENT ON PROCEDURE ops.purge_import_rows (interval) IS
'Deletes the staged rows of import batches that finished more than older_than ago (at least 1 day; '
'default 30 days), one batch per transaction; the batches and their errors are kept. Records the '
'counts in ops.maintenance_run.';
