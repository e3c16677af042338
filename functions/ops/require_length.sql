-- A text argument of at most max_length characters, or 22023. What goes into
-- a B-tree (a category's name, in its unique key) must fit an index row, 2,704
-- bytes, and what goes into a product's search vector must stay under a
-- tsvector's 1 MB: past those, the insert failed with a bare 54000 from the
-- index or to_tsvector. NULL passes: the caller decides what NULL means.
CREATE OR REPLACE FUNCTION ops.require_length(value text, argument text, max_length integer)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF length(require_length.value) > require_length.max_length THEN
        RAISE EXCEPTION '% is too long', require_length.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s.', require_length.argument, ops.quoted_excerpt(require_length.value)),
                  HINT = format('Pass at most %s characters.', require_length.max_length);
    END IF;
    RETURN require_length.value;
END
$$;
COMMENT ON FUNCTION ops.require_length(text, text, integer) IS
'Returns value when it is NULL or at most max_length characters long; 22023 naming the argument otherwise.';
