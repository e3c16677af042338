-- api.delete_category: a category goes once nothing is filed under it.
BEGIN;
SELECT plan(11);

DO $$
DECLARE
    v_tenant uuid := test_support.default_tenant();
BEGIN
    PERFORM test_support.stock_world();
    PERFORM test_support.remember('tools', api.create_category('Tools'));
    PERFORM test_support.remember('hand', api.create_category('Hand tools', test_support.id('tools')));
    PERFORM test_support.remember('typo', api.create_category('Toosl'));
    PERFORM test_support.remember('old', api.create_category('Discontinued'));
    PERFORM api.update_product(test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p')),
                               category_id => test_support.id('hand'));
    PERFORM test_support.remember('gone', test_support.make_product(v_tenant, 'GONE'));
    PERFORM api.update_product(test_support.id('gone'), 1, category_id => test_support.id('old'));
    PERFORM api.delete_product(test_support.id('gone'),
                               test_support.version_of('catalog.product', test_support.id('gone')));
    PERFORM test_support.remember('clerk', api.create_user('clerk@example.com', 'warehouse_staff'));
END
$$;

SELECT is_definer('api', 'delete_category', 'api.delete_category is SECURITY DEFINER');
SELECT lives_ok(
    format($$SELECT api.delete_category(%L, 1)$$, test_support.id('typo')),
    'an empty category is deleted'
);
SELECT is_empty(
    format($$SELECT 1 FROM report.categories WHERE category_id = %L$$, test_support.id('typo')),
    'and is gone from report.categories'
);
SELECT throws_ok(
    format($$SELECT api.delete_category(%L, 1)$$, test_support.id('tools')),
    '22023', 'category Tools has 1 subcategories',
    'a category with subcategories is refused'
);
SELECT throws_ok(
    format($$SELECT api.delete_category(%L, 1)$$, test_support.id('hand')),
    '22023', 'category Hand tools holds product P',
    'a category holding a live product is refused'
);
SELECT lives_ok(
    format($$SELECT api.delete_category(%L, 1)$$, test_support.id('old')),
    'a category holding only a deleted product is deleted'
);
SELECT is(
    (SELECT category_id FROM catalog.product WHERE id = test_support.id('gone')), NULL,
    'the deleted product loses the link'
);
SELECT throws_ok(
    format($$SELECT api.delete_category(%L, 7)$$, test_support.id('hand')),
    'SD004', NULL,
    'a stale version is refused'
);
SELECT throws_ok(
    format($$SELECT api.delete_category(%L, 1)$$, test_support.id('typo')),
    'SD404', NULL,
    'a deleted category is not found again'
);
SELECT throws_ok(
    format($$SELECT api.delete_category(%L, NULL)$$, test_support.id('hand')),
    '22023', 'version must not be null',
    'a call without a version is refused'
);
SELECT throws_ok(
    format(
        $$SELECT api.set_context(%L, %L); SELECT api.delete_category(%L, 1)$$,
        test_support.default_tenant(), test_support.id('clerk'), test_support.id('hand')
    ),
    '42501', 'role warehouse_staff may not call api.delete_category',
    'warehouse staff may not delete a category'
);

SELECT * FROM finish();
ROLLBACK;
