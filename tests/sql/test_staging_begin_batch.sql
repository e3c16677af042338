-- staging.begin_batch: one import per sheet of a file and kind. A second
-- sheet of an applied file is an import of its own; the same sheet again
-- opens nothing and names the batch that applied it.
BEGIN;
SELECT plan(6);

DO $$
BEGIN
    PERFORM api.set_context(test_support.default_tenant());
    PERFORM test_support.remember('tools', (
        SELECT b.batch_id
        FROM staging.begin_batch('products', 'catalogue.xlsx', repeat('c', 64), 'tools', ARRAY['sku', 'name']) AS b
    ));
    INSERT INTO staging.product_row (tenant_id, batch_id, row_number, sku, name)
    VALUES (test_support.default_tenant(), test_support.id('tools'), 2, 'T-1', 'Tool');
    PERFORM staging.finish_batch(test_support.id('tools'));
END
$$;
SELECT is(
    (SELECT status::text FROM staging.import_batch WHERE id = test_support.id('tools')),
    'applied',
    'the tools sheet is applied'
);

SELECT is(
    (
        SELECT row(b.batch_id IS NULL, b.applied_batch_id = test_support.id('tools'))::text
        FROM staging.begin_batch('products', 'catalogue.xlsx', repeat('c', 64), 'tools', ARRAY['sku', 'name']) AS b
    ),
    '(t,t)',
    'the same sheet of the same file again opens nothing and names the batch that applied it'
);

DO $$
BEGIN
    PERFORM test_support.remember('garden', (
        SELECT b.batch_id
        FROM staging.begin_batch('products', 'catalogue.xlsx', repeat('c', 64), 'garden', ARRAY['sku', 'name']) AS b
    ));
END
$$;
SELECT isnt(test_support.id('garden'), NULL, 'another sheet of the applied file opens a batch of its own');

DO $$
BEGIN
    INSERT INTO staging.product_row (tenant_id, batch_id, row_number, sku, name)
    VALUES (test_support.default_tenant(), test_support.id('garden'), 2, 'G-1', 'Rake');
    PERFORM staging.finish_batch(test_support.id('garden'));
END
$$;
SELECT results_eq(
    $$SELECT sku FROM catalog.product WHERE sku IN ('T-1', 'G-1') ORDER BY sku$$,
    $$VALUES ('G-1'), ('T-1')$$,
    'both sheets are applied'
);

SELECT throws_ok(
    $$INSERT INTO staging.import_batch (tenant_id, kind, file_name, file_checksum, sheet_name, columns, mode, status,
                                       finished_at)
      VALUES (test_support.default_tenant(), 'products', 'copy.xlsx', repeat('c', 64), 'garden', ARRAY['sku'],
              'insert', 'applied', now())$$,
    '23505',
    NULL,
    'the database holds one applied batch per sheet of a file and kind'
);

SELECT throws_ok(
    $$SELECT * FROM staging.begin_batch('products', 'catalogue.xlsx', repeat('c', 64), NULL, ARRAY['sku', 'name'])$$,
    '22023',
    'sheet_name must be given',
    'a batch without a sheet name is refused'
);

SELECT * FROM finish();
ROLLBACK;
