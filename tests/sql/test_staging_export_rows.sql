-- staging.export_rows: a tenant's rows of an import kind in the import's own
-- columns (tests/python/test_import_export.py imports them back).
BEGIN;
SELECT plan(10);

DO $$
BEGIN
    PERFORM test_support.stock_world();
    PERFORM test_support.remember('other', test_support.make_tenant('other'));
    PERFORM test_support.make_product(test_support.id('other'), 'THEIRS');
    PERFORM test_support.make_category(test_support.id('other'), 'Theirs');
END
$$;

SELECT set_config('stockdb.tenant_id', '', TRUE);
SELECT throws_ok(
    $$SELECT staging.export_rows('products')$$,
    '42501', 'no tenant context', 'export_rows without a tenant context fails with 42501'
);

SELECT set_config('stockdb.tenant_id', test_support.default_tenant()::text, TRUE);
SELECT results_eq(
    $$SELECT r ->> 'sku' FROM staging.export_rows('products') AS r$$,
    $$SELECT p.sku FROM catalog.product AS p
      WHERE p.tenant_id = test_support.default_tenant() AND p.deleted_at IS NULL ORDER BY p.sku$$,
    'export_rows gives the calling tenant''s live products in SKU order, no other tenant''s'
);
SELECT is(
    (
        SELECT array_agg(k ORDER BY k) FROM staging.export_rows('products') AS r, jsonb_object_keys(r) AS k
        WHERE r ->> 'sku' = 'P'
    ),
    (
        SELECT array_agg(c.column_name ORDER BY c.column_name) FROM staging.import_column AS c
        WHERE c.kind = 'products'
    ),
    'each exported product has exactly the products import''s columns'
);
SELECT is(
    (SELECT count(*) FROM staging.export_rows('categories') AS r WHERE r ->> 'path' = 'Theirs'),
    0::bigint,
    'another tenant''s categories are not exported'
);
SELECT is(
    (SELECT r FROM staging.export_rows('locations') AS r WHERE r ->> 'code' = 'A1'),
    jsonb_build_object('warehouse', 'W', 'code', 'A1', 'kind', 'storage', 'capacity', NULL, 'active', TRUE),
    'a location is named by its warehouse''s code, as the locations import names it'
);
SELECT throws_ok(
    $$SELECT staging.export_rows('opening_stock')$$,
    '22023', 'an import of opening_stock has no rows to export',
    'a kind that adds stock has no rows to export (22023): imported back they would add it twice'
);
SELECT throws_ok(
    $$SELECT staging.export_rows('pallets')$$,
    '22023', 'no import kind pallets', 'an unknown kind fails with 22023'
);

SELECT is(
    (SELECT array_agg(r ->> 'warehouse' || '/' || (r ->> 'code')) FROM staging.export_rows('locations', 'W2') AS r),
    ARRAY['W2/S1'],
    'a warehouse narrows the locations to its own'
);
SELECT throws_ok(
    $$SELECT staging.export_rows('cycle_counts', 'NOWHERE')$$,
    'SD404', 'warehouse NOWHERE not found', 'an unknown warehouse fails with SD404'
);
SELECT throws_ok(
    $$SELECT staging.export_rows('products', 'W')$$,
    '22023', 'an export of products takes no warehouse',
    'a warehouse for a kind that is not per warehouse fails with 22023'
);

SELECT * FROM finish();
ROLLBACK;
