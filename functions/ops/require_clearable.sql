-- The clear argument of an api.update_* call: NULL in an update keeps a
-- field, so clear names the fields to empty. Each must be one the call can
-- empty (a column that may be NULL) and not also be given a value. given
-- holds the call's values by field name (jsonb_build_object; NULLs for those
-- left out).
CREATE OR REPLACE FUNCTION ops.require_clearable(clear text[], clearable text[], given jsonb)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_field text;
BEGIN
    FOREACH v_field IN ARRAY coalesce(require_clearable.clear, '{}') LOOP
        IF v_field IS NULL OR NOT v_field = ANY (require_clearable.clearable) THEN
            RAISE EXCEPTION 'cannot clear %', coalesce(v_field, 'NULL')
                USING ERRCODE = '22023',
                      DETAIL = format('clear => %s.', require_clearable.clear),
                      HINT = format('Fields this call can clear: %s.',
                                    array_to_string(require_clearable.clearable, ', '));
        END IF;
        IF jsonb_typeof(require_clearable.given -> v_field) <> 'null' THEN
            RAISE EXCEPTION '% is both given and cleared', v_field
                USING ERRCODE = '22023',
                      DETAIL = format('%s => %s, and clear names it.', v_field, require_clearable.given -> v_field),
                      HINT = format('Pass a value for %s, or name it in clear, not both.', v_field);
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION ops.require_clearable(text[], text[], jsonb) IS
'Checks the clear argument of an update call: every name is a field the call can empty, and none is '
'also given a value; 22023 otherwise.';
