-- staging.keep_source: a batch's typed rows evaluated once per transaction,
-- for its check and its apply to share.
BEGIN;
SELECT plan(10);

DO $$
BEGIN
    PERFORM api.set_context(test_support.default_tenant());
    PERFORM test_support.remember('b1', (
        SELECT b.batch_id
        FROM staging.begin_batch('products', 'one.xlsx', repeat('1', 64), 'Sheet1', ARRAY['sku', 'name']) AS b
    ));
    PERFORM test_support.remember('b2', (
        SELECT b.batch_id
        FROM staging.begin_batch('products', 'two.xlsx', repeat('2', 64), 'Sheet1', ARRAY['sku', 'name']) AS b
    ));
    INSERT INTO staging.product_row (tenant_id, batch_id, row_number, sku, name)
    VALUES
        (test_support.default_tenant(), test_support.id('b1'), 2, 'KEEP-1', 'One'),
        (test_support.default_tenant(), test_support.id('b1'), 3, 'KEEP-2', 'Two'),
        (test_support.default_tenant(), test_support.id('b2'), 2, 'KEEP-3', 'Three');
END
$$;

DO $$
BEGIN
    PERFORM staging.keep_source('product_source', test_support.default_tenant(), test_support.id('b1'));
END
$$;
SELECT results_eq(
    'SELECT r.row_number, r.sku, r.name FROM pg_temp.product_source_rows AS r ORDER BY r.row_number',
    $$VALUES (2, 'KEEP-1', 'One'), (3, 'KEEP-2', 'Two')$$,
    'the batch''s rows are kept typed, as its source gives them'
);

UPDATE staging.product_row AS r SET name = 'Changed'
WHERE r.batch_id = test_support.id('b1') AND r.row_number = 2;
DO $$
BEGIN
    PERFORM staging.keep_source('product_source', test_support.default_tenant(), test_support.id('b1'));
END
$$;
SELECT results_eq(
    'SELECT r.name FROM pg_temp.product_source_rows AS r ORDER BY r.row_number',
    $$VALUES ('One'), ('Two')$$,
    'asked again for the same batch, it keeps the rows it has instead of evaluating the source again'
);

DO $$
BEGIN
    PERFORM staging.keep_source('product_source', test_support.default_tenant(), test_support.id('b2'));
END
$$;
SELECT results_eq(
    'SELECT r.sku FROM pg_temp.product_source_rows AS r',
    $$VALUES ('KEEP-3')$$,
    'another batch replaces them with its own'
);

-- A block that fails is a rolled-back subtransaction.
DO $$
BEGIN
    PERFORM staging.keep_source('product_source', test_support.default_tenant(), test_support.id('b1'));
    RAISE EXCEPTION 'roll the subtransaction back';
EXCEPTION
    WHEN raise_exception THEN NULL;
END
$$;
SELECT results_eq(
    'SELECT r.sku, r.name FROM pg_temp.product_source_rows AS r',
    $$VALUES ('KEEP-3', 'Three')$$,
    'a rolled-back subtransaction takes its rows back with it'
);
UPDATE staging.product_row AS r SET name = 'Later' WHERE r.batch_id = test_support.id('b2');
DO $$
BEGIN
    PERFORM staging.keep_source('product_source', test_support.default_tenant(), test_support.id('b2'));
END
$$;
SELECT results_eq(
    'SELECT r.name FROM pg_temp.product_source_rows AS r',
    $$VALUES ('Three')$$,
    '... and the record of which batch they are, so they still count as the other batch''s'
);

SELECT is(
    (SELECT c.relpersistence::text FROM pg_catalog.pg_class AS c WHERE c.oid = 'pg_temp.product_source_rows'::regclass),
    't',
    'the rows are a temporary table of the session'
);

SELECT throws_ok(
    $$SELECT staging.keep_source('import_batch', test_support.default_tenant(), test_support.id('b1'))$$,
    '22023',
    'staging.import_batch(uuid, uuid) is not a source of import rows',
    'a name that is no function is refused'
);
SELECT throws_ok(
    $$SELECT staging.keep_source('validate_cells', test_support.default_tenant(), test_support.id('b1'))$$,
    '22023',
    'staging.validate_cells(uuid, uuid) is not a source of import rows',
    'so is a function of the same arguments that is no source (it would run for its effects)'
);

-- A table of the name that another role made (the caller of the SECURITY
-- DEFINER finish_batch, say) is never taken for kept rows.
DROP TABLE pg_temp.product_source_rows;
SET ROLE stockdb_importer;
CREATE TEMPORARY TABLE product_source_rows (row_number integer);
RESET ROLE;
SELECT throws_ok(
    $$SELECT staging.keep_source('product_source', test_support.default_tenant(), test_support.id('b1'))$$,
    '42501',
    'pg_temp.product_source_rows belongs to another role',
    'a table of the name that another role made is refused, not read'
);

-- The rows need TEMPORARY on the database for the role finish_batch runs as.
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    PERFORM ops.apply_grants();
END
$$;
SELECT ok(
    has_database_privilege('stockdb_rls_exempt', current_database(), 'TEMPORARY'),
    'the grants give finish_batch''s owner TEMPORARY, also where PUBLIC lost it'
);

SELECT * FROM finish();
ROLLBACK;
