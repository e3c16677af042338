-- catalog: the category tree, products and batches hold their rules.
BEGIN;
SELECT plan(29);

SELECT has_table('catalog', t, format('catalog.%s exists', t))
FROM unnest(ARRAY['unit', 'product_category', 'product', 'product_batch']) AS t;

DO $$ BEGIN PERFORM test_support.remember('acme', test_support.make_tenant('acme')); END $$;
DO $$ BEGIN PERFORM test_support.remember('other', test_support.make_tenant('other')); END $$;
DO $$ BEGIN PERFORM test_support.remember('root', test_support.make_category(test_support.id('acme'), 'Hardware')); END $$;
DO $$ BEGIN PERFORM test_support.remember(
    'fasteners', test_support.make_category(test_support.id('acme'), 'Fasteners', test_support.id('root'))
); END $$;
DO $$ BEGIN PERFORM test_support.remember(
    'bolts', test_support.make_category(test_support.id('acme'), 'Bolts', test_support.id('fasteners'))
); END $$;
DO $$ BEGIN PERFORM test_support.remember('tools', test_support.make_category(test_support.id('acme'), 'Tools')); END $$;

SELECT is(
    (SELECT c.path FROM catalog.product_category AS c WHERE c.id = test_support.id('bolts')),
    format('/%s/%s/%s/', test_support.id('root'), test_support.id('fasteners'), test_support.id('bolts')),
    'a category''s path lists its ancestors from the root'
);
SELECT is(
    (SELECT c.depth FROM catalog.product_category AS c WHERE c.id = test_support.id('bolts')),
    2::smallint,
    'a category''s depth counts its ancestors'
);

UPDATE catalog.product_category SET parent_id = test_support.id('tools')
WHERE id = test_support.id('fasteners');
SELECT is(
    (SELECT c.path FROM catalog.product_category AS c WHERE c.id = test_support.id('bolts')),
    format('/%s/%s/%s/', test_support.id('tools'), test_support.id('fasteners'), test_support.id('bolts')),
    'moving a category rewrites the path of its whole subtree'
);

SELECT throws_ok(
    format(
        'UPDATE catalog.product_category SET parent_id = %L WHERE id = %L',
        test_support.id('bolts'), test_support.id('tools')
    ),
    '23514',
    format('category %s cannot move under its own descendant %s', test_support.id('tools'), test_support.id('bolts')),
    'a category cannot move under its own descendant (no cycles)'
);
SELECT throws_ok(
    format(
        'UPDATE catalog.product_category SET parent_id = id WHERE id = %L', test_support.id('tools')
    ),
    '23514',
    format('category %1$s cannot move under its own descendant %1$s', test_support.id('tools')),
    'a category cannot be its own parent'
);
UPDATE catalog.product_category SET path = '/x/' WHERE id = test_support.id('bolts');
SELECT is(
    (SELECT c.path FROM catalog.product_category AS c WHERE c.id = test_support.id('bolts')),
    format('/%s/%s/%s/', test_support.id('tools'), test_support.id('fasteners'), test_support.id('bolts')),
    'a path written by hand is replaced by the one the parents give'
);
SELECT throws_ok(
    format(
        'INSERT INTO catalog.product_category (tenant_id, name, parent_id) VALUES (%L, ''Leak'', %L)',
        test_support.id('other'), test_support.id('root')
    ),
    '23503',
    'insert or update on table "product_category" violates foreign key constraint "product_category_parent_fkey"',
    'a category cannot hang under another tenant''s category'
);

DO $$ BEGIN PERFORM test_support.remember('m8', test_support.make_product(test_support.id('acme'), 'M8-BOLT')); END $$;
SELECT throws_ok(
    format('INSERT INTO catalog.product (tenant_id, sku, name) VALUES (%L, ''M8-BOLT'', ''again'')', test_support.id('acme')),
    '23505',
    'duplicate key value violates unique constraint "product_sku_live_key"',
    'a SKU is unique among a tenant''s live products'
);
UPDATE catalog.product SET deleted_at = now() WHERE id = test_support.id('m8');
SELECT lives_ok(
    format('INSERT INTO catalog.product (tenant_id, sku, name) VALUES (%L, ''M8-BOLT'', ''again'')', test_support.id('acme')),
    'a soft-deleted product''s SKU can be used again'
);
SELECT lives_ok(
    format('INSERT INTO catalog.product (tenant_id, sku, name) VALUES (%L, ''M8-BOLT'', ''theirs'')', test_support.id('other')),
    'another tenant may use the same SKU'
);
SELECT throws_ok(
    format(
        'INSERT INTO catalog.product (tenant_id, sku, name, category_id) VALUES (%L, ''X1'', ''x'', %L)',
        test_support.id('other'), test_support.id('tools')
    ),
    '23503',
    'insert or update on table "product" violates foreign key constraint "product_category_fkey"',
    'a product cannot reference another tenant''s category'
);
SELECT throws_ok(
    format('INSERT INTO catalog.product (tenant_id, sku, name, unit) VALUES (%L, ''X2'', ''x'', ''furlong'')', test_support.id('acme')),
    '23503',
    'insert or update on table "product" violates foreign key constraint "product_unit_fkey"',
    'a product''s unit must be a known unit of measure'
);
SELECT throws_ok(
    format(
        'INSERT INTO catalog.product (tenant_id, sku, name, unit_price_minor) VALUES (%L, ''X3'', ''x'', 100)',
        test_support.id('acme')
    ),
    '23514',
    'new row for relation "product" violates check constraint "product_price_check"',
    'a price needs its currency'
);
SELECT throws_ok(
    format('INSERT INTO catalog.product (tenant_id, sku, name, reorder_point) VALUES (%L, ''X4'', ''x'', -1)', test_support.id('acme')),
    '23514',
    'new row for relation "product" violates check constraint "product_levels_check"',
    'stock levels are not negative'
);
SELECT ok(
    (SELECT p.search @@ to_tsquery('english', 'bolt') FROM catalog.product AS p WHERE p.id = test_support.id('m8')),
    'the search vector is generated from the product''s name'
);

DO $$ BEGIN PERFORM test_support.remember('m8b', (
    SELECT p.id FROM catalog.product AS p WHERE p.tenant_id = test_support.id('acme') AND p.deleted_at IS NULL
)); END $$;
SELECT throws_ok(
    format(
        $$INSERT INTO catalog.product_batch (tenant_id, product_id, batch_number, manufacture_date, expiry_date)
          VALUES (%L, %L, 'B1', '2026-05-01', '2026-04-01')$$,
        test_support.id('acme'), test_support.id('m8b')
    ),
    '23514',
    'new row for relation "product_batch" violates check constraint "product_batch_dates_check"',
    'a batch cannot expire before it was made'
);
DO $$ BEGIN PERFORM test_support.remember('b1', test_support.make_batch(test_support.id('acme'), test_support.id('m8b'), 'B1')); END $$;
SELECT throws_ok(
    format(
        'INSERT INTO catalog.product_batch (tenant_id, product_id, batch_number) VALUES (%L, %L, ''B1'')',
        test_support.id('acme'), test_support.id('m8b')
    ),
    '23505',
    'duplicate key value violates unique constraint "product_batch_number_key"',
    'a batch number is unique per product'
);

-- The search vocabulary's rule, which the product trigger applies to names and descriptions.
SELECT is(
    (
        SELECT array_agg(w)
        FROM catalog.search_words('Ab abc ABC Wing-Nut 12mm nut ' || repeat('x', 40) || ' ' || repeat('y', 41)) AS w
    ),
    ARRAY['abc', 'abc', 'wing', 'nut', 'nut', repeat('x', 40)],
    'search words are the runs of 3 to 40 letters, lower-cased, in text order, repeats kept'
);
SELECT is_empty($$SELECT * FROM catalog.search_words(NULL)$$, 'a NULL text has no search words');

-- The vocabulary follows inserts and the updates that change a product's words.
INSERT INTO catalog.product (tenant_id, sku, name, description)
VALUES (test_support.id('acme'), 'VOC-1', 'Hex bolt', 'Zinc plated');
SELECT results_eq(
    format(
        $$SELECT word FROM catalog.search_word WHERE tenant_id = %L AND word IN ('bolt', 'hex', 'plated', 'zinc') ORDER BY word$$,
        test_support.id('acme')
    ),
    $$VALUES ('bolt'::text), ('hex'), ('plated'), ('zinc')$$,
    'a new product''s name and description words join the vocabulary'
);
UPDATE catalog.product SET name = 'Carriage bolt' WHERE sku = 'VOC-1';
UPDATE catalog.product SET description = 'Galvanised' WHERE sku = 'VOC-1';
SELECT results_eq(
    format(
        $$SELECT word FROM catalog.search_word WHERE tenant_id = %L AND word IN ('carriage', 'galvanised') ORDER BY word$$,
        test_support.id('acme')
    ),
    $$VALUES ('carriage'::text), ('galvanised')$$,
    'renaming a product or changing its description adds the new words'
);
-- A word the product still uses is deleted by hand: an update that split the
-- product's words again would put it back.
DELETE FROM catalog.search_word WHERE tenant_id = test_support.id('acme') AND word = 'carriage';
UPDATE catalog.product SET unit_price_minor = 250, currency = 'EUR', reorder_point = 3 WHERE sku = 'VOC-1';
SELECT is_empty(
    format($$SELECT word FROM catalog.search_word WHERE tenant_id = %L AND word = 'carriage'$$, test_support.id('acme')),
    'an update that leaves name and description as they are splits no words'
);

SELECT lives_ok(
    format('INSERT INTO catalog.product (tenant_id, sku, name) VALUES (%L, %L, ''x'')', test_support.id('acme'), repeat('S', 64)),
    'a SKU is up to 64 visible characters'
);
SELECT throws_ok(
    format('INSERT INTO catalog.product (tenant_id, sku, name) VALUES (%L, %L, ''x'')', test_support.id('acme'), repeat('S', 65)),
    '23514',
    'new row for relation "product" violates check constraint "product_sku_check"',
    'a SKU of 65 characters is refused'
);
SELECT throws_ok(
    format('INSERT INTO catalog.product (tenant_id, sku, name) VALUES (%L, ''M8 BOLT'', ''x'')', test_support.id('acme')),
    '23514',
    'new row for relation "product" violates check constraint "product_sku_check"',
    'a SKU has no spaces'
);

SELECT * FROM finish();
ROLLBACK;
