-- A text argument as an error's DETAIL shows it: quoted, and cut at 100
-- characters with its length said. A DETAIL echoed every character, so a
-- 100,000-character query or SKU came back whole and filled the server log.
-- A control character, or one that reorders text, is written as its escape in
-- an E'' literal (E'a\nb', E'\x1b[2J'; ops.printable), as SQL reads it back: a
-- DETAIL echoed it raw, so a newline split its line and psql wrote an escape
-- sequence to the reader's terminal.
CREATE OR REPLACE FUNCTION ops.quoted_excerpt(value text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN quoted_excerpt.value IS NULL THEN 'NULL'
        WHEN ops.printable(x.part) = x.part THEN pg_catalog.quote_literal(x.part)
        -- Backslashes and quotes first, so that the escapes' own backslashes stay single;
        -- E'' so that the literals read the same with standard_conforming_strings off.
        ELSE 'E''' || ops.printable(
            pg_catalog.replace(pg_catalog.replace(x.part, E'\\', E'\\\\'), '''', '''''')
        ) || ''''
    END
    || CASE WHEN pg_catalog.length(quoted_excerpt.value) > 100
            THEN pg_catalog.format('... (%s characters)', pg_catalog.length(quoted_excerpt.value)) ELSE '' END
    FROM (SELECT pg_catalog.left(quoted_excerpt.value, 100) AS part) AS x
$$;
COMMENT ON FUNCTION ops.quoted_excerpt(text) IS
'The value quoted as a literal (NULL unquoted), cut at 100 characters with its length when longer, and '
'with its control characters and those that reorder text escaped in an E'''' literal: how error details '
'show a text argument.';
