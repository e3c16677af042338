-- warehouse: warehouses and locations.
BEGIN;
SELECT plan(7);

SELECT has_table('warehouse', t, format('warehouse.%s exists', t))
FROM unnest(ARRAY['warehouse', 'location']) AS t;

DO $$
BEGIN
    PERFORM test_support.remember('acme', test_support.make_tenant('acme'));
    PERFORM test_support.remember('other', test_support.make_tenant('other'));
    PERFORM test_support.remember('wh', test_support.make_warehouse(test_support.id('acme'), 'MAIN'));
    PERFORM test_support.remember('a1', test_support.make_location(test_support.id('acme'), test_support.id('wh'), 'A1'));
END
$$;

SELECT throws_ok(
    format(
        $$INSERT INTO warehouse.warehouse (tenant_id, code, name, timezone) VALUES (%L, 'X', 'x', 'Mars/Olympus')$$,
        test_support.id('acme')
    ),
    '23514',
    'new row for relation "warehouse" violates check constraint "warehouse_timezone_check"',
    'a warehouse''s time zone must be one PostgreSQL knows'
);
SELECT lives_ok(
    format(
        $$INSERT INTO warehouse.warehouse (tenant_id, code, name, timezone) VALUES (%L, 'B', 'b', 'Europe/Berlin')$$,
        test_support.id('acme')
    ),
    'an IANA time zone is accepted'
);
SELECT throws_ok(
    format(
        $$INSERT INTO warehouse.location (tenant_id, warehouse_id, code) VALUES (%L, %L, 'A1')$$,
        test_support.id('acme'), test_support.id('wh')
    ),
    '23505',
    'duplicate key value violates unique constraint "location_code_key"',
    'a location code is unique within its warehouse'
);
SELECT throws_ok(
    format(
        $$INSERT INTO warehouse.location (tenant_id, warehouse_id, code, capacity) VALUES (%L, %L, 'Z', 0)$$,
        test_support.id('acme'), test_support.id('wh')
    ),
    '23514',
    'new row for relation "location" violates check constraint "location_capacity_check"',
    'a capacity, when given, is positive'
);
SELECT throws_ok(
    format(
        $$INSERT INTO warehouse.location (tenant_id, warehouse_id, code) VALUES (%L, %L, 'X')$$,
        test_support.id('other'), test_support.id('wh')
    ),
    '23503',
    'insert or update on table "location" violates foreign key constraint "location_warehouse_fkey"',
    'a location cannot be put in another tenant''s warehouse'
);

SELECT * FROM finish();
ROLLBACK;
