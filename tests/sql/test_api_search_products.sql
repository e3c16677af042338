-- api.search_products: full text, category names, trigram fallback; live products of the tenant only.
BEGIN;
SELECT plan(14);

DO $$
DECLARE
    v_tenant uuid := test_support.default_tenant();
    v_other uuid := test_support.make_tenant('other');
BEGIN
    PERFORM api.set_context(v_tenant);
    PERFORM test_support.remember('hw', api.create_category('Hardware'));
    PERFORM test_support.remember('fast', api.create_category('Fasteners', test_support.id('hw')));
    PERFORM test_support.remember('w1', api.create_product(
        sku => 'WID-001', name => 'Blue widget', category_id => test_support.id('fast'),
        description => 'A widget for widget lovers: widget, widget.'
    ));
    PERFORM test_support.remember('w2', api.create_product(sku => 'WID-002', name => 'Red widget'));
    PERFORM test_support.remember('bolt', api.create_product(
        sku => 'BOLT-9', name => 'Hex bolt M8', category_id => test_support.id('fast')
    ));
    PERFORM test_support.remember('gone', api.create_product(sku => 'WID-OLD', name => 'Old widget'));
    UPDATE catalog.product SET deleted_at = now() WHERE id = test_support.id('gone');
    INSERT INTO catalog.product (tenant_id, sku, name) VALUES (v_other, 'WID-X', 'Foreign widget');
END
$$;

SELECT results_eq(
    $$SELECT sku, matched_by FROM api.search_products('widget')$$,
    $$VALUES ('WID-001', 'text'), ('WID-002', 'text')$$,
    'full text finds live widgets of this tenant, the one that says widget most first'
);
SELECT results_eq(
    $$SELECT sku, category_path FROM api.search_products('bolt')$$,
    $$VALUES ('BOLT-9', 'Hardware / Fasteners')$$,
    'a hit carries the names of its category path'
);
SELECT results_eq(
    $$SELECT sku, matched_by FROM api.search_products('hardware')$$,
    $$VALUES ('BOLT-9', 'category'), ('WID-001', 'category')$$,
    'a category name finds the products in it and below it'
);
SELECT results_eq(
    $$SELECT sku, matched_by FROM api.search_products('widgte')$$,
    $$VALUES ('WID-001', 'typo'), ('WID-002', 'typo')$$,
    'a typo is corrected to the catalogue''s word and still finds the widgets'
);
SELECT results_eq(
    $$SELECT sku, matched_by FROM api.search_products('wid-00')$$,
    $$VALUES ('WID-001', 'sku_prefix'), ('WID-002', 'sku_prefix')$$,
    'the start of a SKU finds it, in any case'
);
SELECT results_eq(
    $$SELECT sku FROM api.search_products('widget', 1)$$,
    $$VALUES ('WID-001')$$,
    'limit_rows caps the result'
);
SELECT is_empty(
    $$SELECT * FROM api.search_products('WID-OLD')$$,
    'a deleted product is never found'
);
SELECT is_empty(
    $$SELECT * FROM api.search_products('foreign')$$,
    'another tenant''s product is never found'
);
SELECT is_empty(
    $$SELECT * FROM api.search_products('%')$$,
    'LIKE wildcards in the query match only themselves'
);
SELECT throws_ok(
    $$SELECT * FROM api.search_products('   ')$$,
    '22023',
    'query must be 1 to 200 characters',
    'a blank query fails with 22023'
);
SELECT throws_ok(
    $$SELECT * FROM api.search_products('widget', 0)$$,
    '22023',
    'limit_rows must be between 1 and 1000',
    'a limit below 1 fails with 22023'
);

SELECT is(
    test_support.error_detail($$SELECT * FROM api.search_products(repeat('ab ', 5000))$$),
    format('api.search_products was called with query => %L... (15000 characters).', left(repeat('ab ', 5000), 100)),
    'a query past 200 characters is cut at 100 in the DETAIL, not echoed whole'
);
-- The typo match used the session's pg_trgm.similarity_threshold: a session,
-- role or database setting it high found no typo, and 0 matched every word.
SET LOCAL "pg_trgm.similarity_threshold" = 0.95;
SELECT results_eq(
    $$SELECT sku, matched_by FROM api.search_products('widgte')$$,
    $$VALUES ('WID-001', 'typo'), ('WID-002', 'typo')$$,
    'a typo is corrected the same in a session whose similarity threshold is 0.95'
);
SET LOCAL "pg_trgm.similarity_threshold" = 0;
SELECT is_empty(
    $$SELECT sku FROM api.search_products('zzzqqq')$$,
    'and a word like no other finds nothing in one whose threshold is 0'
);
SELECT * FROM finish();
ROLLBACK;
