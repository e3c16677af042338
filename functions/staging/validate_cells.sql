-- One pass over a batch's rows checking every cell against its column's spec
-- (staging.import_column), one error row per failing cell. The statement is
-- written from the spec, so a new column needs no code here. Each row's
-- problems are computed once, into an array; only a row with at least one
-- is spread into one row per cell, so a good row costs no row per column.
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
    v_count integer;
BEGIN
    SELECT k.* INTO STRICT v_kind
    FROM staging.import_batch AS b JOIN staging.import_kind AS k ON k.kind = b.kind
    WHERE b.tenant_id = validate_cells.tenant_id AND b.id = validate_cells.batch_id;

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
'Records an error for every cell of the batch that does not fit its column (required, type, length, '
'pattern, allowed values) and returns how many.';
