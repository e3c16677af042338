-- A batch's text cells written in NFC, Unicode's composed form, in which codes
-- and names are stored (migration 0067, triggers/ops/nfc.sql): a SKU typed
-- 'Cafe' + U+0301 then names the product 'Café', a category path its
-- category, and two rows of one SKU in the two forms are one SKU twice. Done
-- once, in place, before anything reads the cells: composing them in
-- staging.to_text, which every rule reads each cell through, cost a products
-- import of 100,000 rows 2.3 s of its 11 (bench import, twice each way). A
-- row is rewritten only when a cell of it is not in NFC already.
CREATE OR REPLACE FUNCTION staging.compose_cells(tenant_id uuid, batch_id uuid)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_kind staging.import_kind;
    v_compose text;
    v_decomposed text;
    v_count integer;
BEGIN
    SELECT k.* INTO STRICT v_kind
    FROM staging.import_batch AS b JOIN staging.import_kind AS k ON k.kind = b.kind
    WHERE b.tenant_id = compose_cells.tenant_id AND b.id = compose_cells.batch_id;

    SELECT string_agg(format('%1$I = pg_catalog.normalize(r.%1$I, ''NFC'')', c.column_name), ', '),
           string_agg(format('r.%I IS NOT NFC NORMALIZED', c.column_name), ' OR ')
    INTO v_compose, v_decomposed
    FROM staging.import_column AS c WHERE c.kind = v_kind.kind AND c.data_type = 'text';
    IF v_compose IS NULL THEN
        RETURN 0;
    END IF;

    EXECUTE format(
        'UPDATE staging.%I AS r SET %s WHERE r.tenant_id = $1 AND r.batch_id = $2 AND (%s)',
        v_kind.row_table, v_compose, v_decomposed
    ) USING compose_cells.tenant_id, compose_cells.batch_id;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION staging.compose_cells(uuid, uuid) IS
'Writes the text cells of a batch''s staging rows in NFC (Unicode''s composed form), as codes and names are '
'stored, and returns how many rows it changed.';
