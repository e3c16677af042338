-- An import batch's typed rows, kept for the rest of the transaction: the
-- kind's check and its apply both read them, and evaluating a source (every
-- cell cast, every natural key resolved) took 0.45 to 0.55 s of a
-- 100,000-row import each time. The rows go to pg_temp.<source>_rows, made
-- once per batch. Which batch they are is the table's comment, which only
-- its owner can set: a setting would be the caller's to forge, and rows kept
-- for another batch (or a table the caller made) would skip the checks.
-- Comment and table go together at commit, at rollback, and with a
-- rolled-back subtransaction. Between check and apply nothing of the batch's
-- tables changes: finish_batch runs them one after the other in its own
-- transaction. Cycle counts do not keep theirs: their rows carry the book
-- quantity, which the apply must read again once it holds the balances'
-- locks.
CREATE OR REPLACE FUNCTION staging.keep_source(source_name text, tenant_id uuid, batch_id uuid)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_table text := keep_source.source_name || '_rows';
    v_mark text := keep_source.tenant_id || '/' || keep_source.batch_id;
    v_kept regclass;
BEGIN
    IF keep_source.source_name !~ '_source$' OR NOT coalesce((
        SELECT p.proretset FROM pg_catalog.pg_proc AS p
        WHERE p.oid = to_regprocedure(format('staging.%I(uuid, uuid)', keep_source.source_name))
    ), false) THEN
        RAISE EXCEPTION 'staging.%(uuid, uuid) is not a source of import rows', keep_source.source_name
            USING ERRCODE = '22023',
                  DETAIL = 'keep_source keeps the rows of a staging.<kind>_source function.',
                  HINT = 'Pass the name of one, such as product_source.';
    END IF;
    v_kept := to_regclass(format('pg_temp.%I', v_table));
    IF v_kept IS NOT NULL THEN
        IF NOT EXISTS (
            SELECT 1 FROM pg_catalog.pg_class AS c
            WHERE c.oid = v_kept
              AND c.relowner = (SELECT r.oid FROM pg_catalog.pg_roles AS r WHERE r.rolname = current_user)
        ) THEN
            RAISE EXCEPTION 'pg_temp.% belongs to another role', v_table
                USING ERRCODE = '42501',
                      DETAIL = 'An import keeps its typed rows in a temporary table of this name.',
                      HINT = 'Drop that temporary table, or import from another session.';
        END IF;
        IF obj_description(v_kept, 'pg_class') = v_mark THEN
            RETURN;
        END IF;
        EXECUTE format('DROP TABLE pg_temp.%I', v_table);
    END IF;
    EXECUTE format(
        'CREATE TEMPORARY TABLE %I ON COMMIT DROP AS SELECT * FROM staging.%I(%L::uuid, %L::uuid)',
        v_table, keep_source.source_name, keep_source.tenant_id, keep_source.batch_id
    );
    EXECUTE format('COMMENT ON TABLE pg_temp.%I IS %L', v_table, v_mark);
    -- The statements that read it are planned for its real size, not for
    -- the 1,000 rows assumed of a function.
    EXECUTE format('ANALYZE pg_temp.%I', v_table);
END
$$;
COMMENT ON FUNCTION staging.keep_source(text, uuid, uuid) IS
'Evaluates staging.<source_name>(tenant, batch) once per batch and transaction into the temporary table '
'pg_temp.<source_name>_rows, which the kind''s check and apply read. 22023 for a name that is no source, '
'42501 when a table of that name belongs to another role.';
