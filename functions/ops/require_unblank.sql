-- A text argument of an update call that, when given, must hold more than
-- blanks (a name), or 22023. The tables' CHECKs refuse a blank name too, but
-- as a bare 23514 with no DETAIL or HINT. NULL passes: it keeps the field.
CREATE OR REPLACE FUNCTION ops.require_unblank(value text, argument text)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF btrim(require_unblank.value) = '' THEN
        RAISE EXCEPTION '% must not be blank', require_unblank.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s.', require_unblank.argument, ops.quoted_excerpt(require_unblank.value)),
                  HINT = format('Pass NULL to keep the %s.', require_unblank.argument);
    END IF;
    RETURN require_unblank.value;
END
$$;
COMMENT ON FUNCTION ops.require_unblank(text, text) IS
'Returns value when it is NULL or holds more than blanks; 22023 naming the argument otherwise.';
