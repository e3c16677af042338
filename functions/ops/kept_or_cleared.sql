-- What an api.update_* call writes to a field that may be emptied: NULL when
-- its clear argument names the field, else the value given, else the one
-- there. No SET search_path, so it is inlined into the UPDATE (see
-- auth.current_user_id).
CREATE OR REPLACE FUNCTION ops.kept_or_cleared(given anyelement, current anyelement, cleared boolean)
RETURNS anyelement
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT CASE WHEN cleared THEN NULL ELSE coalesce(given, current) END
$$;
COMMENT ON FUNCTION ops.kept_or_cleared(anyelement, anyelement, boolean) IS
'NULL when cleared, else given, else current: a field''s new value in an update call with a clear argument.';
