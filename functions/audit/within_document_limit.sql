-- A row as it may go into an audit document: as it is, or past 1 MB through
-- audit.omit_large_values. Inlined into audit.redact (no SET search_path), so
-- the row the audit triggers write for every insert pays one size check, not
-- a function call. STABLE as pg_column_size is: an IMMUTABLE function
-- calling it is not inlined.
CREATE OR REPLACE FUNCTION audit.within_document_limit(row_values jsonb)
RETURNS jsonb
LANGUAGE sql
STABLE
PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN pg_catalog.pg_column_size(row_values) > 1048576 THEN audit.omit_large_values(row_values)
        ELSE row_values
    END
$$;
COMMENT ON FUNCTION audit.within_document_limit(jsonb) IS
'The row, or past 1 MB the row with its values of more than 64 kB omitted (audit.omit_large_values).';
