-- An error's DETAIL quotes the text argument it refuses (ops.quoted_excerpt).
-- It echoed a control character raw: a newline split the DETAIL's line, and
-- psql wrote an escape sequence to the reader's terminal. Such a
-- character, and one that reorders text, is now written as its escape in an
-- E'' literal, which SQL reads back as the value. A message naming a
-- category, a lot, a shipment status or an import kind as typed writes them
-- as escapes too (ops.printable), and text without them as it was.
BEGIN;
SELECT plan(16);

CREATE FUNCTION pg_temp.sku_detail(sku text) RETURNS text LANGUAGE sql AS $$
    SELECT test_support.error_detail(format('SELECT api.create_product(%L, ''n'')', sku))
$$;

DO $$
BEGIN
    PERFORM test_support.trading_world();
END
$$;

SELECT is(
    pg_temp.sku_detail(E'a\nb'),
    $$sku => E'a\nb'.$$,
    'a newline is written as \n, the line kept whole'
);
SELECT is(
    pg_temp.sku_detail(E'a\x1b]0;owned\x07b'),
    $$sku => E'a\x1b]0;owned\x07b'.$$,
    'an escape sequence reaches no terminal: \x1b and \x07'
);
SELECT is(
    pg_temp.sku_detail(E'R\u202eL\u0085'),
    $$sku => E'R\u202eL\u0085'.$$,
    'a right-to-left override and a C1 control are written as \u escapes'
);
SELECT is(
    pg_temp.sku_detail(E'it''s\\\t'),
    $$sku => E'it''s\\\t'.$$,
    'a quote and a backslash beside them are escaped as a literal needs'
);
SELECT is(
    pg_temp.sku_detail('a b'),
    $$sku => 'a b'.$$,
    'text without them is quoted as before'
);
SELECT is(
    pg_temp.sku_detail('a\b c'),
    $$sku => E'a\\b c'.$$,
    'and so is a backslash alone (quote_literal''s E'''')'
);
SELECT is(
    pg_temp.sku_detail(repeat('x', 99) || E'\n' || repeat('y', 50)),
    format($$sku => E'%s\n'… (150 characters).$$, repeat('x', 99)),
    'a long one is cut at 100 characters, escaped, with its length'
);
SELECT is(
    ops.quoted_excerpt(NULL), 'NULL', 'NULL is NULL, unquoted'
);

-- What the DETAIL quotes reads back as the value.
CREATE FUNCTION pg_temp.read_back(value text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_back text;
BEGIN
    EXECUTE 'SELECT ' || ops.quoted_excerpt(value) INTO v_back;
    RETURN v_back;
END
$$;
SELECT is(
    pg_temp.read_back(E'x\n\r\t\x01\x7f\u009f\u2066''\\y'),
    E'x\n\r\t\x01\x7f\u009f\u2066''\\y',
    'every escape reads back as its character'
);
SELECT is(
    (SELECT count(*) FROM catalog.product WHERE sku ~ '[[:cntrl:]]'), 0::bigint,
    'none of the refused calls made a product'
);

-- Messages.
SELECT lives_ok(
    $$SELECT api.create_category(E'Tools\x1b]0;owned\x07')$$, 'a category name may hold an escape sequence'
);
SELECT throws_ok(
    $$SELECT api.create_category(E'Tools\x1b]0;owned\x07')$$,
    '23505', 'category Tools\x1b]0;owned\x07 already exists there',
    'the message naming it again writes it escaped'
);
SELECT lives_ok(
    format($$SELECT api.receive_stock('in-l', %L, %L, 1, E'L\u202e1')$$, test_support.id('p'), test_support.id('a1')),
    'a lot number may hold a right-to-left override'
);
SELECT throws_ok(
    format(
        $$SELECT api.lift_batch_hold(%L, 1)$$,
        (SELECT b.id FROM catalog.product_batch AS b WHERE b.batch_number = E'L\u202e1')
    ),
    '22023', 'batch L\u202e1 is not on hold',
    'and a message naming the lot writes it escaped'
);
SELECT throws_ok(
    $$SELECT staging.require_kind(E'prod\x07ucts')$$,
    '22023', 'no import kind prod\x07ucts', 'an import kind typed with a bell is named escaped'
);
SELECT is(
    ops.printable('Hand tools / Zangen ü'), 'Hand tools / Zangen ü', 'text without them is as it was'
);

SELECT * FROM finish();
ROLLBACK;
