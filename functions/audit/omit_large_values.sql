-- A row too large for the audit log with each large value replaced by what
-- identifies it. MongoDB takes documents up to 16 MB and an audit document
-- carries a row (an update both sides of its changed columns): a product
-- with 19 MB of attributes made an 18 MB one no relay could deliver, and the
-- outbox rows queued behind it waited for good. Only the values past 64 kB
-- go; a table's few dozen columns of at most that stay well inside.
CREATE OR REPLACE FUNCTION audit.omit_large_values(row_values jsonb)
RETURNS jsonb
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT jsonb_object_agg(
        e.key,
        CASE
            WHEN pg_column_size(e.value) > 65536 THEN jsonb_build_object(
                'omitted', 'too large for the audit log',
                'bytes', octet_length(e.value::text),
                'md5', md5(e.value::text)
            )
            ELSE e.value
        END
    )
    FROM jsonb_each(omit_large_values.row_values) AS e
$$;
COMMENT ON FUNCTION audit.omit_large_values(jsonb) IS
'The row with every value of more than 64 kB replaced by {omitted, bytes, md5} (md5 of its JSON text).';
