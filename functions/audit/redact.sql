-- What an audit document may show of a row: bookkeeping columns (updated_at,
-- version, the generated search vector) change with every update and say
-- nothing the event does not; a password hash never leaves the database,
-- only the fact that one is set.
-- No SET search_path, so the planner inlines it into the audit triggers'
-- statements (a function call per row doubled a bulk insert's audit cost);
-- it only calls pg_catalog operators, which are always searched first.
CREATE OR REPLACE FUNCTION audit.redact(row_values jsonb)
RETURNS jsonb
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN row_values ->> 'password_hash' IS NOT NULL
            THEN row_values || '{"password_hash": "[redacted]"}'::jsonb
        ELSE row_values
    END - '{updated_at,version,search}'::text[]
$$;
COMMENT ON FUNCTION audit.redact(jsonb) IS
'A row as audit documents show it: without updated_at, version and search, and with a set '
'password_hash shown as [redacted].';
