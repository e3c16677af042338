-- staging.import_lock_key and finish_batch: imports of the catalogue, partners
-- and orders run one at a time per tenant (a tenant-wide transaction lock from
-- their check to their commit); opening stock and cycle counts take none (they
-- hold their warehouses instead).
BEGIN;
SELECT plan(7);

SELECT unalike(
    test_support.plan_of(
        $$SELECT staging.import_lock_key(k.tenant_id, k.kind) FROM (VALUES (gen_random_uuid(), 'products')) AS k (tenant_id, kind)$$
    ),
    '%import_lock_key%',
    'staging.import_lock_key is inlined into its caller'
);
SELECT is(
    (
        SELECT count(DISTINCT staging.import_lock_key(test_support.default_tenant(), k.kind))::integer
        FROM staging.import_kind AS k WHERE k.kind NOT IN ('opening_stock', 'cycle_counts')
    ),
    1,
    'every kind but opening stock and cycle counts shares one key in a tenant'
);
SELECT ok(
    staging.import_lock_key(test_support.default_tenant(), 'opening_stock') IS NULL
    AND staging.import_lock_key(test_support.default_tenant(), 'cycle_counts') IS NULL,
    'opening stock and cycle counts have no key'
);
SELECT isnt(
    staging.import_lock_key(test_support.default_tenant(), 'products'),
    staging.import_lock_key(gen_random_uuid(), 'products'),
    'another tenant has another key'
);

DO $$
BEGIN
    PERFORM api.set_context(test_support.default_tenant());
    PERFORM test_support.remember('stock', (
        SELECT b.batch_id
        FROM staging.begin_batch('opening_stock', 'stock.xlsx', repeat('1', 64), 'Sheet1',
                                 ARRAY['sku', 'warehouse', 'location', 'quantity']) AS b
    ));
    PERFORM test_support.remember('products', (
        SELECT b.batch_id
        FROM staging.begin_batch('products', 'products.xlsx', repeat('2', 64), 'Sheet1', ARRAY['sku', 'name']) AS b
    ));
END
$$;
-- begin_batch's own keys (one per sheet of a file, so the same sheet queues).
CREATE TEMP TABLE held_before_finish AS SELECT * FROM test_support.held_advisory_locks();
CREATE FUNCTION pg_temp.taken_by_finish() RETURNS TABLE (key bigint, mode text)
LANGUAGE sql AS $$
    SELECT * FROM test_support.held_advisory_locks() EXCEPT SELECT * FROM pg_temp.held_before_finish
$$;

DO $$
BEGIN
    PERFORM staging.finish_batch(test_support.id('stock'));
END
$$;
SELECT is_empty(
    $$SELECT * FROM pg_temp.taken_by_finish()$$,
    'finishing an opening-stock batch takes no tenant-wide key'
);

DO $$
BEGIN
    PERFORM staging.finish_batch(test_support.id('products'));
END
$$;
SELECT set_eq(
    $$SELECT * FROM pg_temp.taken_by_finish()$$,
    $$VALUES (staging.import_lock_key(test_support.default_tenant(), 'products'), 'ExclusiveLock')$$,
    'finishing a products batch holds the tenant''s import key exclusively until the transaction ends'
);
SELECT is(
    (SELECT b.status::text FROM staging.import_batch AS b WHERE b.id = test_support.id('products')),
    'rejected',
    'the header-only batch was still checked (rejected), not held up by its own lock'
);

SELECT * FROM finish();
ROLLBACK;
