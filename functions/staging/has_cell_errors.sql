-- Whether a row already has an error, so row rules can leave it out.
CREATE OR REPLACE FUNCTION staging.has_cell_errors(tenant_id uuid, batch_id uuid, row_number integer)
RETURNS boolean
LANGUAGE sql
STABLE
AS $$
    SELECT EXISTS (
        SELECT 1 FROM staging.import_error AS e
        WHERE e.tenant_id = has_cell_errors.tenant_id AND e.batch_id = has_cell_errors.batch_id
          AND e.row_number = has_cell_errors.row_number
    )
$$;
COMMENT ON FUNCTION staging.has_cell_errors(uuid, uuid, integer) IS
'True when the batch already has an error on this row (the row rules skip such rows).';
