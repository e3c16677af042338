-- A JSON argument that must be an object (an address, a product's
-- attributes), or 22023. The tables' CHECKs refuse the rest too, but as a bare
-- 23514 with no DETAIL or HINT: the update calls let an array or a number
-- through to them, where the create calls said what was wrong. NULL passes:
-- the caller decides what NULL means (an update keeps the field).
CREATE OR REPLACE FUNCTION ops.require_json_object(value jsonb, argument text, hint text)
RETURNS jsonb
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF jsonb_typeof(require_json_object.value) <> 'object' THEN
        RAISE EXCEPTION '% must be a JSON object', require_json_object.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s.', require_json_object.argument, left(require_json_object.value::text, 200)),
                  HINT = require_json_object.hint;
    END IF;
    RETURN require_json_object.value;
END
$$;
COMMENT ON FUNCTION ops.require_json_object(jsonb, text, text) IS
'Returns value when it is NULL or a JSON object; 22023 naming the argument, with hint, otherwise.';
