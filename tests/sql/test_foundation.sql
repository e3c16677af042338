-- What the first migration promises: schemas, extensions, the default
-- tenant, and time-ordered UUIDs.
BEGIN;
SELECT plan(16);

SELECT schemas_are(
    ARRAY[
        'public', 'catalog', 'warehouse', 'inventory', 'procurement', 'sales', 'logistics',
        'planning', 'auth', 'api', 'report', 'staging', 'audit', 'ops', 'partman', 'test_support'
    ],
    'the schemas of DESIGN.md exist, and no others but the test template''s test_support '
    '(pg_cron''s lives only in its own database)'
);

SELECT has_extension('pg_trgm', 'pg_trgm is installed for trigram search');
SELECT has_extension('btree_gist', 'btree_gist is installed for exclusion constraints');
SELECT has_extension('pgcrypto', 'pgcrypto is installed for password hashing');
SELECT has_extension('partman', 'pg_partman', 'pg_partman is installed in its own schema');
SELECT hasnt_extension(
    'pg_cron', 'pg_cron is not created outside the database cron.database_name names'
);

SELECT has_table('auth', 'tenant', 'auth.tenant exists');
SELECT results_eq(
    $$SELECT id, code, active FROM auth.tenant$$,
    $$VALUES ('00000000-0000-7000-8000-000000000001'::uuid, 'default', true)$$,
    'a fresh database has exactly the default tenant, active, with the documented id'
);
SELECT col_default_is(
    'auth', 'tenant', 'id', 'ops.uuid_v7()', 'tenant ids default to ops.uuid_v7()'
);
SELECT throws_ok(
    $$INSERT INTO auth.tenant (code, name) VALUES ('default', 'again')$$,
    '23505', NULL, 'tenant codes are unique'
);
SELECT throws_ok(
    $$INSERT INTO auth.tenant (code, name) VALUES ('Not A Code', 'x')$$,
    '23514', NULL, 'tenant codes are lower-case handles'
);
SELECT throws_ok(
    $$INSERT INTO auth.tenant (code, name) VALUES ('blank', '  ')$$,
    '23514', NULL, 'tenant names are not blank'
);

SELECT is(
    substr(ops.uuid_v7()::text, 15, 1), '7', 'ops.uuid_v7() yields version 7 UUIDs'
);
SELECT ok(
    substr(ops.uuid_v7()::text, 20, 1) IN ('8', '9', 'a', 'b'),
    'ops.uuid_v7() yields RFC 9562 variant UUIDs'
);
SELECT is(
    (SELECT count(DISTINCT u) FROM (SELECT ops.uuid_v7() AS u FROM generate_series(1, 10000)) AS g),
    10000::bigint,
    'ops.uuid_v7() does not repeat itself over 10,000 calls'
);
SELECT ok(
    (
        SELECT bool_and(earlier < later)
        FROM (
            SELECT
                ops.uuid_v7() AS earlier,
                (SELECT ops.uuid_v7() FROM pg_sleep(0.002)) AS later
        ) AS pair
    ),
    'ops.uuid_v7() sorts by creation time across milliseconds'
);

SELECT * FROM finish();
ROLLBACK;
