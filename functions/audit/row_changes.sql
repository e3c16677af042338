-- What an audit document says changed: for each column whose value differs,
-- its old and new value (only new for an insert, only old for a delete).
-- Bookkeeping columns (updated_at, version, the generated search vector)
-- change with every update and say nothing the event does not; secrets
-- are never copied out of the database, only that they changed.
CREATE OR REPLACE FUNCTION audit.row_changes(old_row jsonb, new_row jsonb)
RETURNS jsonb
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(
        pg_catalog.jsonb_object_agg(
            c.key,
            CASE
                WHEN old_row IS NULL THEN pg_catalog.jsonb_build_object('new', c.new_value)
                WHEN new_row IS NULL THEN pg_catalog.jsonb_build_object('old', c.old_value)
                ELSE pg_catalog.jsonb_build_object('old', c.old_value, 'new', c.new_value)
            END
            ORDER BY c.key
        ),
        '{}'
    )
    FROM (
        SELECT
            k.key,
            CASE WHEN k.key IN ('password_hash', 'token_hash') AND old_row -> k.key <> 'null'
                THEN '"[redacted]"'::jsonb ELSE old_row -> k.key END AS old_value,
            CASE WHEN k.key IN ('password_hash', 'token_hash') AND new_row -> k.key <> 'null'
                THEN '"[redacted]"'::jsonb ELSE new_row -> k.key END AS new_value
        FROM pg_catalog.jsonb_object_keys(coalesce(new_row, old_row)) AS k (key)
        WHERE k.key NOT IN ('updated_at', 'version', 'search')
          AND (old_row -> k.key) IS DISTINCT FROM (new_row -> k.key)
          -- An inserted or deleted NULL is not news.
          AND NOT (old_row IS NULL AND new_row -> k.key = 'null')
          AND NOT (new_row IS NULL AND old_row -> k.key = 'null')
    ) AS c
$$;
COMMENT ON FUNCTION audit.row_changes(jsonb, jsonb) IS
'The changed columns of a row as {column: {old, new}} (only new for an insert, only old for a delete), '
'without updated_at, version and search, and with password_hash and token_hash shown as [redacted].';
