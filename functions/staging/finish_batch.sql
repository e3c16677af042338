-- staging.finish_batch: validate a loaded batch and, when every row is good,
-- apply it, all or nothing. A rejected batch keeps its rows and one error per
-- failing cell; a dry run applies inside a subtransaction and rolls it back,
-- so its counts and any constraint failure are the real ones.
CREATE OR REPLACE FUNCTION staging.finish_batch(batch_id uuid)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_batch staging.import_batch;
    v_kind staging.import_kind;
    v_rows integer;
    v_rows_text text;
    v_errors integer := 0;
    v_inserted integer := 0;
    v_updated integer := 0;
    v_unchanged integer := 0;
    v_status staging.batch_status;
    v_failure jsonb;
    v_state text;
    v_message text;
    v_detail text;
    v_hint text;
    v_staged_at timestamptz;
    v_validated_at timestamptz;
    v_checked_at timestamptz;
    v_import_key bigint;
    v_content text;
    v_duplicate_of uuid;
    v_duplicate_of_batch jsonb;
BEGIN
    SELECT * INTO v_batch FROM staging.import_batch AS b
    WHERE b.tenant_id = v_tenant_id AND b.id = finish_batch.batch_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'import batch % does not exist', finish_batch.batch_id
            USING ERRCODE = 'SD404',
                  DETAIL = 'No staging.import_batch row with this id for the current tenant.',
                  HINT = 'Open a batch with staging.begin_batch first.';
    END IF;
    IF v_batch.status <> 'loading' THEN
        RAISE EXCEPTION 'import batch % is already %', v_batch.id, v_batch.status
            USING ERRCODE = 'SD003',
                  DETAIL = format('It finished at %s.', v_batch.finished_at),
                  HINT = 'Import the file again to start a new batch.';
    END IF;
    SELECT * INTO STRICT v_kind FROM staging.import_kind AS k WHERE k.kind = v_batch.kind;
    -- clock_timestamp, not now(): the whole import is one transaction.
    v_staged_at := clock_timestamp();
    -- One import of the catalogue, partners or orders at a time per tenant,
    -- from its check to its commit (staging.import_lock_key says why). A
    -- waiting import holds nothing an api call needs; the notice says why it
    -- waits.
    v_import_key := staging.import_lock_key(v_tenant_id, v_kind.kind);
    IF v_import_key IS NOT NULL AND NOT pg_try_advisory_xact_lock(v_import_key) THEN
        RAISE NOTICE 'waiting for the import running in this tenant to finish';
        PERFORM pg_advisory_xact_lock(v_import_key);
    END IF;

    EXECUTE format('SELECT count(*) FROM staging.%I AS r WHERE r.tenant_id = $1 AND r.batch_id = $2', v_kind.row_table)
    INTO v_rows USING v_tenant_id, v_batch.id;
    IF v_rows = 0 THEN
        INSERT INTO staging.import_error (tenant_id, batch_id, reason)
        VALUES (v_tenant_id, v_batch.id, 'the sheet has a header but no data rows');
        v_errors := 1;
    ELSE
        -- Each phase of a large batch takes seconds to minutes: a notice says
        -- which one is running (the CLI prints them after its progress bar).
        v_rows_text := to_char(v_rows, 'FM999,999,999')
                       || CASE WHEN v_rows = 1 THEN ' row' ELSE ' rows' END;
        RAISE NOTICE 'validating the cells of %', v_rows_text;
        PERFORM staging.refresh_statistics(v_kind.kind);
        v_errors := staging.validate_cells(v_tenant_id, v_batch.id);
        v_validated_at := clock_timestamp();
        RAISE NOTICE 'checking % against the % rules', v_rows_text, v_kind.kind;
        EXECUTE format('SELECT staging.%I($1, $2, $3)', 'check_' || v_kind.kind)
        INTO v_rows USING v_tenant_id, v_batch.id, v_batch.mode;
        v_errors := v_errors + v_rows;
        EXECUTE format('SELECT count(*) FROM staging.%I AS r WHERE r.tenant_id = $1 AND r.batch_id = $2',
                       v_kind.row_table)
        INTO v_rows USING v_tenant_id, v_batch.id;
        v_checked_at := clock_timestamp();
    END IF;

    IF v_errors = 0 AND v_kind.adds THEN
        -- Rows that add (opening stock) are applied once, whatever file brings
        -- them: the same sheet saved again has another SHA-256, and doubled
        -- every quantity. Two imports of the same rows queue here, so the
        -- second finds the first applied.
        v_content := staging.rows_checksum(v_tenant_id, v_batch.id);
        IF NOT v_batch.dry_run THEN
            PERFORM pg_advisory_xact_lock(hashtextextended(
                'staging.import-rows/' || v_tenant_id || '/' || v_kind.kind || '/' || v_content, 0
            ));
        END IF;
        SELECT b.id, jsonb_build_object('id', b.id, 'file_name', b.file_name, 'sheet_name', b.sheet_name,
                                        'applied_at', b.finished_at)
        INTO v_duplicate_of, v_duplicate_of_batch
        FROM staging.import_batch AS b
        WHERE b.tenant_id = v_tenant_id AND b.kind = v_kind.kind AND b.content_checksum = v_content
          AND b.status = 'applied';
        -- A dry run validates and counts as ever, and names the batch that
        -- would make a run of it a duplicate.
        IF v_batch.dry_run THEN
            v_duplicate_of := NULL;
        END IF;
    END IF;

    IF v_errors > 0 THEN
        v_status := 'rejected';
    ELSIF v_duplicate_of IS NOT NULL THEN
        v_status := 'duplicate';
    ELSE
        BEGIN
            RAISE NOTICE 'applying %', v_rows_text;
            EXECUTE format('SELECT a.inserted, a.updated, a.unchanged FROM staging.%I($1, $2, $3) AS a',
                           'apply_' || v_kind.kind)
            INTO v_inserted, v_updated, v_unchanged USING v_tenant_id, v_batch.id, v_batch.mode;
            IF v_batch.dry_run THEN
                -- Undo the apply: only the counts (plain variables) survive.
                RAISE EXCEPTION USING ERRCODE = 'SD900';
            END IF;
            v_status := 'applied';
        EXCEPTION
            WHEN SQLSTATE 'SD900' THEN
                v_status := 'validated';
            WHEN SQLSTATE '40001' THEN
                -- What the check read changed under the apply (a lot received
                -- meanwhile): nothing is kept, and a try from the start, which
                -- stockdb import makes itself, checks it anew.
                RAISE;
            WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT,
                                        v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
                -- The check judged each key against the rows committed when it
                -- ran: one added since by an api call (create_product, say)
                -- makes the insert fail; a run after that call sees the row.
                IF v_state = '23505' AND coalesce(v_hint, '') = '' THEN
                    v_hint := 'If another session added this row while the import ran, import the file '
                              'again: it will find the row there.';
                END IF;
                v_status := 'failed';
                v_failure := jsonb_strip_nulls(jsonb_build_object(
                    'sqlstate', v_state, 'message', v_message,
                    'detail', nullif(v_detail, ''), 'hint', nullif(v_hint, '')
                ));
                v_inserted := 0;
                v_updated := 0;
                v_unchanged := 0;
        END;
    END IF;

    UPDATE staging.import_batch AS b
    SET status = v_status, row_count = v_rows, error_count = v_errors, failure = v_failure,
        inserted = v_inserted, updated = v_updated, unchanged = v_unchanged,
        staged_at = v_staged_at, validated_at = v_validated_at, checked_at = v_checked_at,
        content_checksum = v_content, duplicate_of = v_duplicate_of, finished_at = clock_timestamp()
    WHERE b.tenant_id = v_tenant_id AND b.id = v_batch.id
    RETURNING * INTO v_batch;
    RETURN to_jsonb(v_batch) - 'tenant_id'
           || jsonb_strip_nulls(jsonb_build_object('duplicate_of_batch', v_duplicate_of_batch));
END
$$;
COMMENT ON FUNCTION staging.finish_batch(uuid) IS
'Validates a loaded import batch (every cell, then the kind''s rules) and applies it when nothing is '
'wrong, in the caller''s transaction: status becomes rejected (errors in staging.import_error, nothing '
'applied), validated (dry run), applied, failed (the apply raised; nothing applied, the error in '
'failure), or, for a kind whose rows add (opening stock), duplicate: its rows are those of a batch '
'applied before, from whatever file (duplicate_of; nothing applied). Returns the batch, with when each '
'phase ended (staged_at, validated_at, checked_at, finished_at) and, for a duplicate or a dry run of '
'one, duplicate_of_batch (id, file_name, sheet_name, applied_at). Errors: 42501, SD404 unknown batch, SD003 '
'batch already finished, 40001 when what the check read changed before the apply (nothing is kept: try '
'again).';
