-- The calling user, when the application named one.
CREATE OR REPLACE FUNCTION auth.current_user_id()
RETURNS uuid
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT nullif(current_setting('stockdb.user_id', true), '')::uuid
$$;
COMMENT ON FUNCTION auth.current_user_id() IS
'The user of the current transaction (stockdb.user_id), or NULL for system work.';
