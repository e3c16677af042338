-- Rules of a customers import beyond single cells: a code twice in the file,
-- and in insert mode codes that exist with other values.
CREATE OR REPLACE FUNCTION staging.check_customers(tenant_id uuid, batch_id uuid, mode text)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count integer;
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: customer_source_rows (row_number integer, code text, customer_id uuid, '
            'name text, email text, phone text, changed boolean)';
    PERFORM staging.keep_source(
        'customer_source', check_customers.tenant_id, check_customers.batch_id
    );
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_customers.tenant_id, check_customers.batch_id, s.row_number, e.column_name, e.value, e.reason
    FROM (
        SELECT s.*, min(s.row_number) OVER (PARTITION BY s.code) AS first_row
        FROM pg_temp.customer_source_rows AS s
    ) AS s
    CROSS JOIN LATERAL (VALUES
        ('code', s.code, CASE WHEN s.first_row <> s.row_number THEN format('code also on row %s', s.first_row) END),
        ('code', s.code,
         CASE WHEN check_customers.mode = 'insert' AND s.changed
             THEN 'already exists with other values (use --mode upsert to change it)' END)
    ) AS e (column_name, value, reason)
    WHERE e.reason IS NOT NULL AND s.code IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_customers.tenant_id AND x.batch_id = check_customers.batch_id AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION staging.check_customers(uuid, uuid, text) IS
'Records the row errors of a customers batch (code twice, an existing code '
'with other values in insert mode) and returns how many.';
