-- The id an api call names its subject by. NULL names nothing, so it is a
-- bad argument (22023), not a missing row: looked up, it came back as SD404
-- 'sales order <NULL> not found', which sent callers looking for a row.
CREATE OR REPLACE FUNCTION ops.require_id(value uuid, argument text, what text)
RETURNS uuid
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF require_id.value IS NULL THEN
        RAISE EXCEPTION '% must not be null', require_id.argument
            USING ERRCODE = '22023', DETAIL = format('%s => NULL names no %s.', require_id.argument, require_id.what),
                  HINT = format('Pass the id of a %s of the calling tenant.', require_id.what);
    END IF;
    RETURN require_id.value;
END
$$;
COMMENT ON FUNCTION ops.require_id(uuid, text, text) IS
'Returns value when it is not NULL; else 22023 naming the argument and what it should identify.';
