-- One pass over a batch's rows checking every cell against its column's spec
-- (staging.import_column), one error row per failing cell. The statement is
-- written from the spec, so a new column needs no code here. Each row's
-- problems are computed once, into an array; only a row with at least one
-- is spread into one row per cell, so a good row costs no row per column.
--
-- First the text cells are written in NFC, Unicode's composed form, in which
-- codes and names are stored (migration 0067, triggers/ops/nfc.sql): a SKU
-- typed 'Cafe' + U+0301 then names the product 'Café', a category path its
-- category, and two rows of one SKU in the two forms are one SKU twice. Done
-- once, in place, before anything reads the cells: composing them in
-- staging.to_text, which every rule reads each cell through, cost a products
-- import of 100,000 rows 2.3 s of its 11 (bench import, twice each way). A
-- row is rewritten only when a cell of it is not in NFC already.
CREATE OR REPLACE FUNCTION staging.validate_cells(tenant_id uuid, batch_id uuid)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_kind staging.import_kind;
    v_names text;
    v_values text;
    v_problems text;
    v_compose text;
    v_decomposed text;
    v_count integer;
BEGIN
    SELECT k.* INTO STRICT v_kind
    FROM staging.import_batch AS b JOIN staging.import_kind AS k ON k.kind = b.kind
    WHERE b.tenant_id = validate_cells.tenant_id AND b.id = validate_cells.batch_id;

    SELECT string_agg(format('%1$I = pg_catalog.normalize(r.%1$I, ''NFC'')', c.column_name), ', '),
           string_agg(format('r.%I IS NOT NFC NORMALIZED', c.column_name), ' OR ')
    INTO v_compose, v_decomposed
    FROM staging.import_column AS c WHERE c.kind = v_kind.kind AND c.data_type = 'text';
    IF v_compose IS NOT NULL THEN
        EXECUTE format(
            'UPDATE staging.%I AS r SET %s WHERE r.tenant_id = $1 AND r.batch_id = $2 AND (%s)',
            v_kind.row_table, v_compose, v_decomposed
        ) USING validate_cells.tenant_id, validate_cells.batch_id;
    END IF;

    SELECT string_agg(format('%L', c.column_name), ', ' ORDER BY c.position),
           string_agg(format('r.%I', c.column_name), ', ' ORDER BY c.position),
           string_agg(
               format('staging.cell_problem(r.%I, %L, %L, %L, %L, %L::text[], %L)',
                      c.column_name, c.data_type, c.required, c.max_length, c.pattern,
                      staging.allowed_values(c.value_list), c.description),
               ', ' ORDER BY c.position)
    INTO v_names, v_values, v_problems
    FROM staging.import_column AS c WHERE c.kind = v_kind.kind;

    -- OFFSET 0 keeps the problems array computed once per row, not once per use.
    EXECUTE format(
        'INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason) '
        'SELECT r.tenant_id, r.batch_id, r.row_number, c.column_name, c.value, c.problem '
        'FROM (SELECT r.tenant_id, r.batch_id, r.row_number, ARRAY[%s]::text[] AS cells, '
        '             ARRAY[%s]::text[] AS problems '
        '      FROM staging.%I AS r WHERE r.tenant_id = $1 AND r.batch_id = $2 OFFSET 0) AS r '
        'CROSS JOIN LATERAL unnest(ARRAY[%s]::text[], r.cells, r.problems) AS c (column_name, value, problem) '
        'WHERE num_nonnulls(VARIADIC r.problems) > 0 AND c.problem IS NOT NULL '
        'ORDER BY r.row_number',
        v_values, v_problems, v_kind.row_table, v_names
    ) USING validate_cells.tenant_id, validate_cells.batch_id;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION staging.validate_cells(uuid, uuid) IS
'Writes the batch''s text cells in NFC (Unicode''s composed form, as codes and names are stored), then '
'records an error for every cell that does not fit its column (required, type, length, pattern, allowed '
'values) and returns how many.';
