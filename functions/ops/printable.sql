-- Text as an error may show it: each control character, each character that
-- reorders text, and each one that shows nothing where it stands (the
-- zero-width space, word joiner, byte order mark, soft hyphen, invisible
-- operators, Hangul fillers, tag characters), written as its escape (\n,
-- \x1b, \u202e, \u200b, \U000e0041); the rest as it is, so text without them
-- comes back unchanged. The invisible ones are what a code is refused for
-- (migration 0066; the Hangul fillers, letters to Unicode, show as a blank),
-- and its DETAIL showed nothing there: a SKU of A, B, a zero-width space and
-- C read as 'ABC'. The joiners (U+200C, U+200D) and the variation selectors
-- stay, as Persian, emoji and CJK need them. A message naming a category or a
-- lot by what was typed carried it raw: psql wrote its escape sequence to the
-- reader's terminal and broke the message at its newline. These are the
-- characters the CLI escapes in its tables (cli.UNSHOWN). NULL is NULL. Its
-- literals holding a backslash are E'' ones, which read the same in a session
-- with standard_conforming_strings off (a function body is parsed in the
-- caller's session): there '\x9f' was the byte itself.
CREATE OR REPLACE FUNCTION ops.printable(value text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN printable.value !~ (
            E'[\u0001-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f'
            || E'\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufffb'
            || E'\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e00ff]'
        )
            THEN printable.value
        ELSE (
            SELECT pg_catalog.string_agg(
                CASE
                    WHEN c.ch = E'\n' THEN E'\\n'
                    WHEN c.ch = E'\r' THEN E'\\r'
                    WHEN c.ch = E'\t' THEN E'\\t'
                    WHEN c.ch ~ E'[\u0001-\u001f\u007f]'
                        THEN E'\\x' || pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.ascii(c.ch)), 2, '0')
                    WHEN c.ch ~ (
                        E'[\u0080-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f'
                        || E'\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufffb]'
                    )
                        THEN E'\\u' || pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.ascii(c.ch)), 4, '0')
                    WHEN c.ch ~ E'[\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e00ff]'
                        THEN E'\\U' || pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.ascii(c.ch)), 8, '0')
                    ELSE c.ch
                END, '' ORDER BY c.n
            )
            FROM pg_catalog.regexp_split_to_table(printable.value, '') WITH ORDINALITY AS c (ch, n)
        )
    END
$$;
COMMENT ON FUNCTION ops.printable(text) IS
'The value with its control characters, those that reorder text and those that show nothing written as '
'escapes (\n, \x1b, \u202e, \u200b), the rest unchanged: how an error''s message names what was typed.';
