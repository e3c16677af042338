-- The search vocabulary follows the catalogue: words of new and renamed
-- products are added, once per statement. Words are never removed; a word
-- no product uses any more only corrects a typo to a search that finds nothing.
-- A word is added when no committed row has it, and nothing is unique about
-- it: when the vocabulary was unique by word, a word another transaction had
-- just added was waited for until that one ended, an api.create_product
-- behind an open transaction or a whole import's apply (migration 0065). Two
-- transactions adding a word at once now leave a row each. The ON CONFLICT and
-- the word order are for the unique vocabulary a rollback of 0065 brings
-- back, where two statements adding the same new words in two orders
-- deadlocked (an import's thousands of words and an api.create_product's few).
CREATE OR REPLACE FUNCTION catalog.tg_product__search_words()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
-- The planner cannot know how many words a text has (it guesses one per
-- product) and sorts them all for the DISTINCT; hashing them is 0.5 s
-- faster per 100,000 products, since a catalogue has far fewer distinct words
-- than words. The setting ends with the function's one statement.
SET enable_sort = off
-- The one sort left, of the distinct words, is then costed as disabled (at
-- ten billion), which JIT-compiled the statement for every product created:
-- 96 ms an api.create_product.
SET jit = off
-- A word is looked up by the primary key (tenant_id, word, id). The trigram
-- index answers = as well, and its statistics change only when the vocabulary is
-- vacuumed: after it grew between a vacuum and an analyse, a lookup in it was
-- priced below one in the key. Each new word then rechecked every word sharing
-- its trigrams, and 3,000 products took 34 s instead of 0.6 s. A GIN index is
-- read only by a bitmap scan.
SET enable_bitmapscan = off
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- Hashed in a CTE of its own, then only the distinct words sorted: one
        -- sort of every word, for the DISTINCT and the order at once, is what
        -- the setting above is there to avoid.
        WITH words AS MATERIALIZED (
            SELECT DISTINCT c.tenant_id, w.word
            FROM changed AS c
            CROSS JOIN LATERAL catalog.search_words(c.name || ' ' || coalesce(c.description, '')) AS w (word)
        )
        INSERT INTO catalog.search_word (tenant_id, word)
        SELECT words.tenant_id, words.word FROM words
        WHERE NOT EXISTS (
            SELECT FROM catalog.search_word AS sw WHERE sw.tenant_id = words.tenant_id AND sw.word = words.word
        )
        ORDER BY words.tenant_id, words.word
        ON CONFLICT DO NOTHING;
    ELSE
        -- Only products whose words changed: an update of prices or stock
        -- levels (an import of 100,000 prices) has no new words to split.
        WITH words AS MATERIALIZED (
            SELECT DISTINCT c.tenant_id, w.word
            FROM (
                SELECT c.tenant_id, c.name, c.description
                FROM changed AS c
                JOIN before_change AS b ON b.tenant_id = c.tenant_id AND b.id = c.id
                WHERE c.name IS DISTINCT FROM b.name OR c.description IS DISTINCT FROM b.description
                -- Filtered before the words are split, not after.
                OFFSET 0
            ) AS c
            CROSS JOIN LATERAL catalog.search_words(c.name || ' ' || coalesce(c.description, '')) AS w (word)
        )
        INSERT INTO catalog.search_word (tenant_id, word)
        SELECT words.tenant_id, words.word FROM words
        WHERE NOT EXISTS (
            SELECT FROM catalog.search_word AS sw WHERE sw.tenant_id = words.tenant_id AND sw.word = words.word
        )
        ORDER BY words.tenant_id, words.word
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION catalog.tg_product__search_words() IS
'AFTER INSERT / UPDATE statement trigger on catalog.product: adds the words of new products, and of '
'updated products whose name or description changed, to catalog.search_word.';

CREATE OR REPLACE TRIGGER _200_search_words_insert AFTER INSERT ON catalog.product
REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION catalog.tg_product__search_words();
CREATE OR REPLACE TRIGGER _200_search_words_update AFTER UPDATE ON catalog.product
REFERENCING OLD TABLE AS before_change NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION catalog.tg_product__search_words();
