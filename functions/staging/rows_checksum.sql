-- What a batch holds, whatever file brought it: the SHA-256 of its rows as
-- staged (composed in NFC, each cell trimmed, blank as NULL), each row its
-- cells in the kind's column order, the rows sorted. The same sheet saved
-- again has other bytes, and a sheet sorted by another column or with its
-- columns in another order holds the same rows; staging.finish_batch compares
-- this for a kind whose rows add (opening stock), which applied twice adds
-- twice.
CREATE OR REPLACE FUNCTION staging.rows_checksum(tenant_id uuid, batch_id uuid)
RETURNS text
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_kind staging.import_kind;
    v_cells text;
    v_checksum text;
BEGIN
    SELECT k.* INTO STRICT v_kind
    FROM staging.import_batch AS b JOIN staging.import_kind AS k ON k.kind = b.kind
    WHERE b.tenant_id = rows_checksum.tenant_id AND b.id = rows_checksum.batch_id;
    SELECT string_agg(format('staging.to_text(r.%I)', c.column_name), ', ' ORDER BY c.position)
    INTO STRICT v_cells
    FROM staging.import_column AS c WHERE c.kind = v_kind.kind;
    -- A row is its record's text, which ends where its parenthesis closes (a
    -- cell holding a comma, a parenthesis or a newline is in quotes): the
    -- lines joined are read back as one set of rows only.
    EXECUTE format(
        'SELECT encode(sha256(convert_to(coalesce('
        '    string_agg(x.line, chr(10) ORDER BY x.line COLLATE "C"), %L'
        '), %L)), %L) '
        'FROM (SELECT ROW(%s)::text AS line FROM staging.%I AS r '
        '      WHERE r.tenant_id = $1 AND r.batch_id = $2) AS x',
        '', 'UTF8', 'hex', v_cells, v_kind.row_table
    ) INTO v_checksum USING rows_checksum.tenant_id, rows_checksum.batch_id;
    RETURN v_checksum;
END
$$;
COMMENT ON FUNCTION staging.rows_checksum(uuid, uuid) IS
'SHA-256 (hex) of a batch''s staged rows, each its cells trimmed in the kind''s column order, sorted: the '
'same for the same rows in any file, row order or column order.';
