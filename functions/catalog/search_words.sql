-- What counts as a word of the search vocabulary: runs of 3 to 40 letters,
-- lower-cased. (Migration 0015 filled the table with the same rule.)
CREATE OR REPLACE FUNCTION catalog.search_words(body text)
RETURNS SETOF text
LANGUAGE sql
IMMUTABLE
STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT DISTINCT w.word
    FROM regexp_split_to_table(lower(search_words.body), '[^[:alpha:]]+') AS w (word)
    WHERE w.word ~ '^[[:lower:]]{3,40}$'
$$;
COMMENT ON FUNCTION catalog.search_words(text) IS
'The distinct vocabulary words (3 to 40 letters, lower case) of a text, as catalog.search_word keeps them.';
