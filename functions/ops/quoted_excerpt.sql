-- A text argument as an error's DETAIL shows it: quoted, and cut at 100
-- characters with its length said. A DETAIL echoed every character, so a
-- 100,000-character query or SKU came back whole and filled the server log.
-- A control character, or one that reorders text, is written as its escape in
-- an E'' literal (E'a\nb', E'\x1b[2J'), as SQL reads it back: a DETAIL echoed
-- it raw, so a newline split its line and psql wrote an escape sequence to
-- the reader's terminal. These are the characters the CLI escapes
-- in its tables (cli._one_line).
CREATE OR REPLACE FUNCTION ops.quoted_excerpt(value text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN quoted_excerpt.value IS NULL THEN 'NULL'
        WHEN x.part !~ '[\x01-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]'
            THEN pg_catalog.quote_literal(x.part)
        ELSE 'E''' || (
            SELECT pg_catalog.string_agg(
                CASE
                    WHEN c.ch = '\' THEN '\\'
                    WHEN c.ch = '''' THEN ''''''
                    WHEN c.ch = E'\n' THEN '\n'
                    WHEN c.ch = E'\r' THEN '\r'
                    WHEN c.ch = E'\t' THEN '\t'
                    WHEN c.ch ~ '[\x01-\x1f\x7f]'
                        THEN '\x' || pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.ascii(c.ch)), 2, '0')
                    WHEN c.ch ~ '[\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]'
                        THEN '\u' || pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.ascii(c.ch)), 4, '0')
                    ELSE c.ch
                END, '' ORDER BY c.n
            )
            FROM pg_catalog.regexp_split_to_table(x.part, '') WITH ORDINALITY AS c (ch, n)
        ) || ''''
    END
    || CASE WHEN pg_catalog.length(quoted_excerpt.value) > 100
            THEN pg_catalog.format('… (%s characters)', pg_catalog.length(quoted_excerpt.value)) ELSE '' END
    FROM (SELECT pg_catalog.left(quoted_excerpt.value, 100) AS part) AS x
$$;
COMMENT ON FUNCTION ops.quoted_excerpt(text) IS
'The value quoted as a literal (NULL unquoted), cut at 100 characters with its length when longer, and '
'with its control characters and those that reorder text escaped in an E'''' literal: how error details '
'show a text argument.';
