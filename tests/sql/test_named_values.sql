-- A message names a text argument as it is when it reads as one word
-- (unknown unit furlong), else quoted as its DETAIL quotes it (ops.named). Put
-- in as it was, an empty one read "unknown unit " and "carrier  not found", one
-- with a blank at an end hid it, and a control character reached the reader raw.
BEGIN;
SELECT plan(17);

DO $$
BEGIN
    PERFORM test_support.trading_world();
END
$$;

SELECT is(ops.named('furlong'), 'furlong', 'a word is named as it is');
SELECT is(ops.named('Europe/Berlin'), 'Europe/Berlin', 'so is a code with punctuation inside');
SELECT is(ops.named(''), '''''', 'an empty value is quoted, not shown as nothing');
SELECT is(ops.named(' kg'), ''' kg''', 'a blank at an end is shown inside quotes');
SELECT is(ops.named('two  words'), 'two  words', 'blanks inside are its own');
SELECT is(ops.named(E'a\x01b'), $$E'a\x01b'$$, 'a control character is written as its escape');
SELECT is(ops.named(E'R\u202eL'), $$E'R\u202eL'$$, 'so is one that reorders text');
SELECT is(ops.named('it''s'), $$'it''s'$$, 'a quote is quoted as a literal');
SELECT is(
    ops.named(repeat('y', 101)), '''' || repeat('y', 100) || '''... (101 characters)',
    'a value over 100 characters is cut, its length said'
);
SELECT is(ops.named(NULL), 'NULL', 'NULL is named NULL');

SELECT throws_ok(
    $$SELECT api.create_product('N1', 'n', unit => '')$$,
    '22023', 'unknown unit ''''', 'create_product names an empty unit quoted'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, %s, unit => E'k\x01g')$$,
        test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p'))
    ),
    '22023', $$unknown unit E'k\x01g'$$, 'update_product names a unit with a control character escaped'
);
SELECT throws_ok(
    $$SELECT api.create_warehouse('W9', 'w', timezone => ' UTC')$$,
    '22023', 'unknown time zone '' UTC''', 'create_warehouse names a time zone with a blank at an end quoted'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_warehouse(%L, %s, timezone => '')$$,
        test_support.id('w'), test_support.version_of('warehouse.warehouse', test_support.id('w'))
    ),
    '22023', 'unknown time zone ''''', 'update_warehouse names an empty time zone quoted'
);
SELECT throws_ok(
    format($$SELECT api.create_location(%L, 'L9', '')$$, test_support.id('w')),
    '22023', 'unknown location kind ''''', 'create_location names an empty kind quoted'
);
SELECT throws_ok(
    $$SELECT api.ship_sales_order('named-1', gen_random_uuid(), '', 'T1')$$,
    'SD404', 'carrier '''' not found', 'ship_sales_order names an empty carrier quoted'
);
SELECT is(
    test_support.error_detail($$SELECT api.ship_sales_order('named-2', gen_random_uuid(), 'NOPE', 'T1')$$),
    $$No active carrier of the calling tenant has code => 'NOPE'.$$,
    'and its DETAIL shows the code'
);

SELECT * FROM finish();
ROLLBACK;
