-- Undoes 0065: one row per tenant and word again, the first of each kept.
-- The trigger function made since adds words ON CONFLICT DO NOTHING in word
-- order, so it works on the unique table too, waiting as before.

-- squawk-ignore-file ban-drop-constraint, ban-drop-column
-- squawk-ignore-file constraint-missing-not-valid, adding-serial-primary-key-field
-- Waived: undoing 0065 is the purpose of this file; the column is 0065's own.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DELETE FROM catalog.search_word AS later
USING catalog.search_word AS first
WHERE later.tenant_id = first.tenant_id AND later.word = first.word AND later.id > first.id;
ALTER TABLE catalog.search_word DROP CONSTRAINT search_word_pkey;
ALTER TABLE catalog.search_word DROP COLUMN id;
ALTER TABLE catalog.search_word ADD CONSTRAINT search_word_pkey PRIMARY KEY (tenant_id, word);
COMMENT ON TABLE catalog.search_word IS
'Every word (3 to 40 letters, lower case) of the tenant''s product names and descriptions, kept by '
'trigger; api.search_products corrects a typo to the nearest of them.';
