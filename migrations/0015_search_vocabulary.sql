-- depends: 0014_product_reorder_index
-- Search at a million products. Typos are corrected against the words the
-- catalogue uses (a few thousand, not a million names), then searched by
-- full text; SKU prefixes are a range of a B-tree rather than trigrams that
-- every SKU shares.

-- squawk-ignore-file require-concurrent-index-creation
-- Indexes are built in the migration's transaction, where CONCURRENTLY cannot run.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '30min';

CREATE TABLE catalog.search_word (
    tenant_id uuid NOT NULL,
    word text NOT NULL,
    CONSTRAINT search_word_pkey PRIMARY KEY (tenant_id, word),
    CONSTRAINT search_word_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant (id),
    CONSTRAINT search_word_word_check CHECK (word ~ '^[[:lower:]]{3,40}$')
);
COMMENT ON TABLE catalog.search_word IS
'Every word (3 to 40 letters, lower case) of the tenant''s product names and descriptions, kept by '
'trigger; api.search_products corrects a typo to the nearest of them.';

CREATE INDEX search_word_trgm_idx ON catalog.search_word USING gin (word public.gin_trgm_ops);

INSERT INTO catalog.search_word (tenant_id, word)
SELECT DISTINCT
    p.tenant_id,
    w.word
FROM catalog.product AS p
CROSS JOIN
    LATERAL regexp_split_to_table(
        lower(p.name || ' ' || coalesce(p.description, '')), '[^[:alpha:]]+'
    ) AS w (word)
WHERE w.word ~ '^[[:lower:]]{3,40}$'
ON CONFLICT DO NOTHING;

CREATE INDEX product_sku_prefix_idx ON catalog.product (tenant_id, lower(sku) text_pattern_ops)
WHERE deleted_at IS NULL;
