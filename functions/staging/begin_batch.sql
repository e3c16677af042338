-- staging.begin_batch: open an import batch for rows about to be COPYed into
-- the kind's staging table, or report that this very sheet of this very file
-- was applied before.
CREATE OR REPLACE FUNCTION staging.begin_batch(
    kind text,
    file_name text,
    file_checksum text,
    sheet_name text,
    columns text[],
    mode text DEFAULT 'insert',
    dry_run boolean DEFAULT FALSE
)
RETURNS TABLE (batch_id uuid, row_table text, applied_batch_id uuid, applied_at timestamptz)
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_kind record;
    v_unknown text[];
BEGIN
    SELECT * INTO v_kind FROM staging.require_kind(begin_batch.kind);
    IF begin_batch.mode IS NULL OR NOT begin_batch.mode = ANY (v_kind.modes) THEN
        RAISE EXCEPTION 'an import of % cannot run in mode %', v_kind.kind, ops.quoted_excerpt(begin_batch.mode)
            USING ERRCODE = '22023',
                  DETAIL = format('%s supports: %s.', v_kind.kind, array_to_string(v_kind.modes, ', ')),
                  HINT = 'Leave the mode out to use the first one.';
    END IF;
    IF begin_batch.file_checksum IS NULL OR begin_batch.file_checksum !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'file_checksum must be a SHA-256 in lower-case hex'
            USING ERRCODE = '22023',
                  DETAIL = format('file_checksum => %s.', ops.quoted_excerpt(begin_batch.file_checksum)),
                  HINT = 'Pass the hex SHA-256 of the file''s bytes.';
    END IF;
    IF begin_batch.sheet_name IS NULL THEN
        RAISE EXCEPTION 'sheet_name must be given'
            USING ERRCODE = '22023', DETAIL = 'sheet_name => NULL.',
                  HINT = 'Pass the name of the sheet the rows come from: another sheet of the file is another import.';
    END IF;
    SELECT array_agg(c) INTO v_unknown
    FROM unnest(begin_batch.columns) AS c
    WHERE NOT EXISTS (
        SELECT 1 FROM staging.import_column AS ic WHERE ic.kind = v_kind.kind AND ic.column_name = c
    );
    IF begin_batch.columns IS NULL OR cardinality(begin_batch.columns) = 0 OR v_unknown IS NOT NULL THEN
        RAISE EXCEPTION 'columns must name columns of %', v_kind.kind
            USING ERRCODE = '22023',
                  DETAIL = format('Unknown: %s.', coalesce(array_to_string(v_unknown, ', '), 'none given')),
                  HINT = 'See staging.import_column for the columns of each kind.';
    END IF;

    -- Two imports of the same sheet queue here, so the second sees the first's
    -- outcome instead of applying it a second time. Another sheet of the file
    -- is another import.
    PERFORM pg_advisory_xact_lock(hashtextextended(
        'staging.import/' || v_tenant_id || '/' || v_kind.kind || '/' || begin_batch.file_checksum || '/'
        || begin_batch.sheet_name, 0
    ));
    SELECT b.id, b.finished_at INTO applied_batch_id, applied_at
    FROM staging.import_batch AS b
    WHERE b.tenant_id = v_tenant_id AND b.kind = v_kind.kind AND b.file_checksum = begin_batch.file_checksum
      AND b.sheet_name = begin_batch.sheet_name AND b.status = 'applied';
    row_table := 'staging.' || v_kind.row_table;
    IF applied_batch_id IS NOT NULL AND NOT begin_batch.dry_run THEN
        RETURN NEXT;
        RETURN;
    END IF;

    INSERT INTO staging.import_batch AS b (
        tenant_id, kind, file_name, file_checksum, sheet_name, columns, mode, dry_run, created_by
    )
    VALUES (
        v_tenant_id, v_kind.kind, begin_batch.file_name, begin_batch.file_checksum, begin_batch.sheet_name,
        begin_batch.columns, begin_batch.mode, begin_batch.dry_run, auth.current_user_id()
    )
    RETURNING b.id INTO batch_id;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION staging.begin_batch(text, text, text, text, text[], text, boolean) IS
'Opens an import batch (status loading) for the caller''s tenant and returns its id and the staging '
'table to COPY its rows into (tenant_id, batch_id, row_number, then the columns). When the same sheet of '
'the same file (kind, SHA-256 and sheet name) was already applied it opens nothing (batch_id NULL) and '
'returns that batch. '
'Errors: 42501 without tenant, 22023 unknown kind, mode or column, or no sheet name.';
