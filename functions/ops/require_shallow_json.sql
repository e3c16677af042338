-- A JSON argument nested less than 32 levels deep, or 22023. Its row goes to
-- the audit log whole: MongoDB takes documents nested at most 100 levels, and
-- the relay's JSON reader gives up at about a thousand (RecursionError), so a
-- value nested 5,000 deep, which PostgreSQL stores, stopped the relay at it
-- on every start. The tables hold the same limit in CHECKs (migration 0034).
-- NULL passes: the caller decides what NULL means.
CREATE OR REPLACE FUNCTION ops.require_shallow_json(value jsonb, argument text)
RETURNS jsonb
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF jsonb_path_exists(require_shallow_json.value, 'strict $.**{32}') THEN
        RAISE EXCEPTION '% is nested too deeply', require_shallow_json.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s holds a value 32 levels below its top.', require_shallow_json.argument),
                  HINT = 'Keep JSON arguments less than 32 levels deep.';
    END IF;
    RETURN require_shallow_json.value;
END
$$;
COMMENT ON FUNCTION ops.require_shallow_json(jsonb, text) IS
'Returns value when it is NULL or has nothing 32 levels below its top; 22023 naming the argument otherwise.';
