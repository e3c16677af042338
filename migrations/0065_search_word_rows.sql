-- depends: 0064_report_change
-- A word of the search vocabulary no longer waits for another transaction
-- adding the same word. Unique by tenant and word, the vocabulary made the
-- insert of a word that another open transaction had just inserted wait for
-- that one to end: an api.create_product of a 'Red zyzzyva' waited for an
-- open transaction that had created a 'Blue zyzzyva', or for an import
-- bringing a catalogue's new words as long as its apply ran, and failed at
-- the api's lock_timeout. The trigger (triggers/catalog/product_search_words.sql)
-- now adds a word that no committed row has, so two transactions adding the
-- same new word at once keep a row each; api.search_products corrects a typo
-- to the best of the words, for which one word twice is the same word.

-- squawk-ignore-file adding-field-with-default, adding-serial-primary-key-field
-- squawk-ignore-file ban-drop-constraint, constraint-missing-not-valid
-- Waived: the vocabulary is one row per word a tenant's catalogue uses (a few
-- thousand), rewritten and indexed again in well under a second under the
-- migration's lock.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE catalog.search_word ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE catalog.search_word DROP CONSTRAINT search_word_pkey;
ALTER TABLE catalog.search_word ADD CONSTRAINT search_word_pkey PRIMARY KEY (tenant_id, word, id);
COMMENT ON TABLE catalog.search_word IS
'Every word (3 to 40 letters, lower case) of the tenant''s product names and descriptions, kept by '
'trigger; api.search_products corrects a typo to the nearest of them. A word is added when no committed '
'row has it, so two transactions adding it at once leave two rows of it.';
COMMENT ON COLUMN catalog.search_word.id IS
'Tells apart the rows of a word that two transactions added at once.';
