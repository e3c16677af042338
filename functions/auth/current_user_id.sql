-- The calling user, when the application named one. No SET search_path: a
-- SQL function without one is inlined into the ledger INSERT instead of being
-- planned on every call, and its body names only pg_catalog, which is always
-- searched first.
CREATE OR REPLACE FUNCTION auth.current_user_id()
RETURNS uuid
LANGUAGE sql
STABLE
AS $$
    SELECT nullif(pg_catalog.current_setting('stockdb.user_id', true), '')::uuid
$$;
COMMENT ON FUNCTION auth.current_user_id() IS
'The user of the current transaction (stockdb.user_id), or NULL for system work.';
