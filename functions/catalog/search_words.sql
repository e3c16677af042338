-- What counts as a word of the search vocabulary: runs of 3 to 40 letters,
-- lower-cased. (Migration 0015 filled the table with the same rule.)
-- No SET search_path, so the planner inlines it into the product trigger's
-- one statement instead of running it, planned anew, once per product; it
-- names only pg_catalog objects, and pg_catalog is always searched first.
-- The length is tested apart from the letters: as '{3,40}' the pattern cost
-- ~1.5 µs per word, a third of a 100,000-product import.
-- A word comes back as often as the text holds it: every caller takes the
-- DISTINCT of many texts' words at once, and a DISTINCT here as well ran a
-- sort per product (0.4 to 0.7 s of a 100,000-product import).
CREATE OR REPLACE FUNCTION catalog.search_words(body text)
RETURNS SETOF text
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT w.word
    FROM pg_catalog.regexp_split_to_table(pg_catalog.lower(search_words.body), '[^[:alpha:]]+') AS w (word)
    WHERE pg_catalog.length(w.word) OPERATOR(pg_catalog.>=) 3
      AND pg_catalog.length(w.word) OPERATOR(pg_catalog.<=) 40
      AND w.word OPERATOR(pg_catalog.~) '^[[:lower:]]+$'
$$;
COMMENT ON FUNCTION catalog.search_words(text) IS
'The vocabulary words (3 to 40 letters, lower case) of a text, as catalog.search_word keeps them, '
'in text order and as often as the text holds them.';
