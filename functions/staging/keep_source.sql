-- An import batch's typed rows, kept for the rest of the transaction: the
-- kind's check and its apply both read them, and evaluating a source (every
-- cell cast, every natural key resolved) took 0.45 to 0.55 s of a
-- 100,000-row import each time. The rows go to pg_temp.<source>_rows, made
-- once per batch; the setting says for which batch, so a second batch in the
-- same transaction gets its own rows, and both go at commit or rollback
-- (a rolled-back subtransaction takes the table and the setting together).
-- Between check and apply nothing of the batch's tables changes: finish_batch
-- runs them one after the other in its own transaction. Cycle counts do not
-- keep theirs: their rows carry the book quantity, which the apply must read
-- again once it holds the balances' locks.
CREATE OR REPLACE FUNCTION staging.keep_source(source_name text, tenant_id uuid, batch_id uuid)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_table text := keep_source.source_name || '_rows';
    v_setting text := 'stockdb.kept_' || keep_source.source_name;
    v_mark text := keep_source.tenant_id || '/' || keep_source.batch_id;
BEGIN
    IF to_regprocedure(format('staging.%I(uuid, uuid)', keep_source.source_name)) IS NULL THEN
        RAISE EXCEPTION 'staging.%(uuid, uuid) does not exist', keep_source.source_name
            USING ERRCODE = '22023',
                  DETAIL = 'keep_source keeps the rows of a staging source function.',
                  HINT = 'Pass the name of one, such as product_source.';
    END IF;
    IF current_setting(v_setting, true) = v_mark AND to_regclass(format('pg_temp.%I', v_table)) IS NOT NULL THEN
        RETURN;
    END IF;
    IF to_regclass(format('pg_temp.%I', v_table)) IS NOT NULL THEN
        EXECUTE format('DROP TABLE pg_temp.%I', v_table);
    END IF;
    EXECUTE format(
        'CREATE TEMPORARY TABLE %I ON COMMIT DROP AS SELECT * FROM staging.%I(%L::uuid, %L::uuid)',
        v_table, keep_source.source_name, keep_source.tenant_id, keep_source.batch_id
    );
    -- The statements that read it are planned for its real size, not for
    -- the 1,000 rows assumed of a function.
    EXECUTE format('ANALYZE pg_temp.%I', v_table);
    PERFORM set_config(v_setting, v_mark, true);
END
$$;
COMMENT ON FUNCTION staging.keep_source(text, uuid, uuid) IS
'Evaluates staging.<source_name>(tenant, batch) once per batch and transaction into the temporary table '
'pg_temp.<source_name>_rows, which the kind''s check and apply read. 22023 for a name that is no source.';
