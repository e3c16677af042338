-- What an audit document may show of a row: bookkeeping columns (updated_at,
-- version, the generated search vector and a user's lowered email) change
-- with every update or with another column, and say nothing the event does
-- not; a password hash never leaves the database, only the fact that one is
-- set; and no value so large that MongoDB could not take the document
-- (audit.within_document_limit).
-- No SET search_path, so the planner inlines it into the audit triggers'
-- statements (a function call per row doubled a bulk insert's audit cost);
-- it calls pg_catalog operators, which are always searched first, and
-- schema-qualified functions. STABLE, as audit.within_document_limit is.
CREATE OR REPLACE FUNCTION audit.redact(row_values jsonb)
RETURNS jsonb
LANGUAGE sql
STABLE
PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN row_values ->> 'password_hash' IS NOT NULL
            THEN audit.within_document_limit(row_values) || '{"password_hash": "[redacted]"}'::jsonb
        ELSE audit.within_document_limit(row_values)
    END - '{updated_at,version,search,email_key}'::text[]
$$;
COMMENT ON FUNCTION audit.redact(jsonb) IS
'A row as audit documents show it: without updated_at, version, search and email_key, with a set '
'password_hash shown as [redacted], and past 1 MB with its values of more than 64 kB omitted.';
