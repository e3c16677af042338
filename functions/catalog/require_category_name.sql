-- A category name an import can name it by. Imports name a category by its
-- path, the names from the top joined by / with the blanks around each name
-- trimmed (staging.to_path): a name holding a / made two categories one path
-- (a top-level 'a/b' and 'b' under 'a'), and a products import naming it
-- failed with a bare 23505 on its SKU; a name beginning or ending with a
-- blank could not be named at all. product_category_name_path_check holds
-- the same for every writer. NULL passes: the caller decides what NULL means.
CREATE OR REPLACE FUNCTION catalog.require_category_name(name text)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF strpos(require_category_name.name, '/') > 0 THEN
        RAISE EXCEPTION 'a category name cannot contain /'
            USING ERRCODE = '22023',
                  DETAIL = format('name => %s.', ops.quoted_excerpt(require_category_name.name)),
                  HINT = 'Imports name a category by its path, the names from the top joined by /: use another '
                  'character, such as - or &.';
    END IF;
    IF require_category_name.name <> btrim(require_category_name.name) THEN
        RAISE EXCEPTION 'a category name cannot begin or end with a blank'
            USING ERRCODE = '22023',
                  DETAIL = format('name => %s.', ops.quoted_excerpt(require_category_name.name)),
                  HINT = 'Pass the name without them: imports trim the names of a path, so they could not name it.';
    END IF;
    RETURN require_category_name.name;
END
$$;
COMMENT ON FUNCTION catalog.require_category_name(text) IS
'Returns name when it is NULL or a name imports can name a category by (no /, no blank at either end); '
'22023 otherwise.';
