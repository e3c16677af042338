-- Text as an error may show it: each control character, each character that
-- reorders text, and the zero-width space, word joiner and byte order mark,
-- written as its escape (\n, \x1b, \u202e, \u200b); the rest as it is, so
-- text without them comes back unchanged. The invisible three are what a code
-- is refused for (migration 0066), and its DETAIL showed nothing there: a SKU
-- of A, B, a zero-width space and C read as 'ABC'. The joiners (U+200C,
-- U+200D) stay, as Persian and emoji need them. A message naming a
-- category or a lot by what was typed carried it raw: psql wrote its escape
-- sequence to the reader's terminal and broke the message at its newline.
-- These are the characters the CLI escapes in its tables (cli._one_line).
-- NULL is NULL. Its literals holding a backslash are E'' ones, which read the
-- same in a session with standard_conforming_strings off (a function body is
-- parsed in the caller's session): there '\x9f' was the byte itself.
CREATE OR REPLACE FUNCTION ops.printable(value text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN printable.value !~ E'[\u0001-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]'
            THEN printable.value
        ELSE (
            SELECT pg_catalog.string_agg(
                CASE
                    WHEN c.ch = E'\n' THEN E'\\n'
                    WHEN c.ch = E'\r' THEN E'\\r'
                    WHEN c.ch = E'\t' THEN E'\\t'
                    WHEN c.ch ~ E'[\u0001-\u001f\u007f]'
                        THEN E'\\x' || pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.ascii(c.ch)), 2, '0')
                    WHEN c.ch ~ E'[\u0080-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]'
                        THEN E'\\u' || pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.ascii(c.ch)), 4, '0')
                    ELSE c.ch
                END, '' ORDER BY c.n
            )
            FROM pg_catalog.regexp_split_to_table(printable.value, '') WITH ORDINALITY AS c (ch, n)
        )
    END
$$;
COMMENT ON FUNCTION ops.printable(text) IS
'The value with its control characters and those that reorder text written as escapes (\n, \x1b, \u202e), '
'the rest unchanged: how an error''s message names what was typed.';
