-- A function body is parsed in the session that first calls it. With
-- standard_conforming_strings off (an application's PGOPTIONS or its role's
-- setting) a backslash in an ordinary literal is an escape: '\S' read 'S',
-- '\.' read '.', and the quoting of every DETAIL failed with 42601. The
-- functions below held such literals; each must answer as it does by default.
-- This file's own literals are E'' or dollar-quoted, which read the same either way.
BEGIN;
SELECT plan(12);

SET LOCAL standard_conforming_strings = off;
SET LOCAL escape_string_warning = off;

DO $$
BEGIN
    PERFORM test_support.trading_world();
END
$$;

SELECT is(ops.quoted_excerpt(E'a\nb'), $$E'a\nb'$$, 'a DETAIL quotes a newline as its escape');
SELECT is(ops.quoted_excerpt(E'back\\slash'), $$E'back\\slash'$$, 'and a backslash doubled in an E'''' literal');
SELECT is(ops.printable(E'x\u0085y\tz'), $$x\u0085y\tz$$, 'printable escapes a C1 control and a tab');
SELECT is(ops.printable('plain'), 'plain', 'and leaves plain text alone');
SELECT is(staging.to_decimal('1,234.5'), 1234.5, 'a cell with a point and thousands commas is a decimal');
SELECT is(staging.to_decimal('1x5'), NULL, 'a cell with a letter where the point goes is no decimal, not a cast error');
SELECT is(
    staging.to_timestamptz('2026-01-02 03:04:05.5Z', 'UTC'), '2026-01-02 03:04:05.5+00'::timestamptz,
    'a time with fractions of a second is read'
);
SELECT is(
    staging.to_timestamptz('2026-01-02 03:04:05x5Z', 'UTC'), NULL,
    'one with a letter where the point goes is no time, not a cast error'
);
SELECT is(
    logistics.require_tracking_url_template('https://t.example/{tracking_number}', 'h'),
    'https://t.example/{tracking_number}', 'a tracking URL template holding {tracking_number} passes'
);
SELECT lives_ok(
    $$SELECT ops.create_tenant('sess', 'Acme', 'boss@sess.example')$$,
    'a tenant''s name need not hold a capital S'
);
SELECT throws_ok(
    $$SELECT api.create_product(E'bad\x01sku', 'n')$$,
    '22023', NULL, 'an api refusal quoting a control character is the refusal, not a syntax error'
);
SELECT is(
    (SELECT array_agg(sku ORDER BY sku) FROM api.search_products('p')), ARRAY['P'],
    'a search reaching the SKU prefixes escapes its LIKE pattern and finds the SKU'
);

SELECT * FROM finish();
ROLLBACK;
