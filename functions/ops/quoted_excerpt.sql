-- A text argument as an error's DETAIL shows it: quoted, and cut at 100
-- characters with its length said. A DETAIL echoed every character, so a
-- 100,000-character query or SKU came back whole and filled the server log.
CREATE OR REPLACE FUNCTION ops.quoted_excerpt(value text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN pg_catalog.length(quoted_excerpt.value) > 100
            THEN pg_catalog.format('%L… (%s characters)', pg_catalog.left(quoted_excerpt.value, 100),
                                   pg_catalog.length(quoted_excerpt.value))
        ELSE pg_catalog.quote_nullable(quoted_excerpt.value)
    END
$$;
COMMENT ON FUNCTION ops.quoted_excerpt(text) IS
'The value quoted as a literal (NULL unquoted), cut at 100 characters with its length when longer: how '
'error details show a text argument.';
