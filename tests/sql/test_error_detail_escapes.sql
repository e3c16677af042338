-- An error's DETAIL quotes the text argument it refuses (ops.quoted_excerpt).
-- It echoed a control character raw: a newline split the DETAIL's line, and
-- psql wrote an escape sequence to the reader's terminal. Such a
-- character, and one that reorders text, is now written as its escape in an
-- E'' literal, which SQL reads back as the value. A message naming a
-- category, a lot or an import kind as typed writes them as escapes too
-- (ops.printable), and text without them as it was; one naming a unit, time
-- zone, kind, shipment status or carrier quotes them (test_named_values.sql). So do
-- the DETAILs that name a stored lot number or a hold's reason.
BEGIN;
SELECT plan(27);

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
    pg_temp.sku_detail(E'AB\u200bC\u2060\ufeff'),
    $$sku => E'AB\u200bC\u2060\ufeff'.$$,
    'a zero-width space, a word joiner and a byte order mark, which show nothing, are written as \u escapes'
);
SELECT is(
    pg_temp.sku_detail(E'AB\u00adC\u2062D\u3164\U000e0041'),
    $$sku => E'AB\u00adC\u2062D\u3164\U000e0041'.$$,
    'so are a soft hyphen, an invisible operator, a Hangul filler and a tag character'
);
SELECT is(
    ops.printable(E'\u0645\u06cc\u200c\u062e\u2764\ufe0f\u845b\U000e0100'),
    E'\u0645\u06cc\u200c\u062e\u2764\ufe0f\u845b\U000e0100',
    'the joiner Persian needs and the variation selectors of emoji and CJK are kept'
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
    format($$sku => E'%s\n'... (150 characters).$$, repeat('x', 99)),
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
    '22023', 'no import kind E''prod\x07ucts''', 'an import kind typed with a bell is named escaped'
);
SELECT is(
    ops.printable('Hand tools / Zangen ü'), 'Hand tools / Zangen ü', 'text without them is as it was'
);

-- DETAILs naming a stored lot or a hold's reason. A lot number and a reason
-- are text people type, so they may hold such characters; the message
-- escaped them, the DETAIL under it did not.
DO $$
BEGIN
    PERFORM api.receive_stock('in-m', test_support.id('p'), test_support.id('a1'), 1, E'M\x1b[2J');
END
$$;
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.lift_batch_hold(%L, 1)$$, test_support.batch(E'L\u202e1')
    )),
    format('batch_id => %s: batch L\u202e1 has no hold to lift.', test_support.batch(E'L\u202e1')),
    'lift_batch_hold''s DETAIL names the lot escaped'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.record_movement('m-1', 'consumption', %L, %L, 1)$$, test_support.id('p'), test_support.id('a1')
    )),
    'Available: L\u202e1 1.000, M\x1b[2J 1.000',
    'record_movement''s DETAIL listing the lots to choose from writes them escaped'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.record_movement('m-2', 'consumption', %L, %L, 5, %L)$$,
        test_support.id('p'), test_support.id('a1'), test_support.batch(E'M\x1b[2J')
    )),
    'asked 5, available 1 at location A1 in batch M\x1b[2J',
    'record_movement''s SD001 DETAIL names the lot escaped'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.transfer_stock('t-1', %L, %L, %L, 5, %L)$$,
        test_support.id('p'), test_support.id('a1'), test_support.id('a2'), test_support.batch(E'M\x1b[2J')
    )),
    'asked 5, available 1 at location A1 in batch M\x1b[2J',
    'transfer_stock''s SD001 DETAIL names the lot escaped'
);

-- A sales order shipped from both lots, then a hold with a reason of two lines.
DO $$
DECLARE
    v_order uuid;
BEGIN
    v_order := api.create_sales_order(
        'so-1', test_support.id('cust'), jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 2))
    );
    PERFORM test_support.remember('so-line', (SELECT i.id FROM sales.sales_order_item AS i WHERE i.sales_order_id = v_order));
    PERFORM api.approve_sales_order(v_order, test_support.version_of('sales.sales_order', v_order));
    PERFORM api.reserve_sales_order('rso-1', v_order, test_support.id('w'));
    PERFORM api.ship_sales_order('ship-1', v_order, 'DHL', 'ESC-1');
    PERFORM api.receive_stock('in-m2', test_support.id('p'), test_support.id('a1'), 1, E'M\x1b[2J');
    PERFORM test_support.remember('rsv', api.reserve_stock('r-1', test_support.id('p'), test_support.id('w'), 1));
    PERFORM api.hold_batch(
        test_support.batch(E'M\x1b[2J'), test_support.version_of('catalog.product_batch', test_support.batch(E'M\x1b[2J')),
        E'recall\nsee memo 7'
    );
END
$$;
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.return_sales_order_item('ret-1', %L, %L, 1)$$, test_support.id('so-line'), test_support.id('a1')
    )),
    'Shipped: L\u202e1 1 (0 returned), M\x1b[2J 1 (0 returned)',
    'return_sales_order_item''s DETAIL listing the lots shipped writes them escaped'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.return_sales_order_item('ret-2', %L, %L, 2, %L)$$,
        test_support.id('so-line'), test_support.id('a1'), test_support.batch(E'M\x1b[2J')
    )),
    'P batch M\x1b[2J: shipped 1, returned 0.',
    'and its DETAIL for more than is left to return'
);
SELECT is(
    right(test_support.error_detail(format(
        $$SELECT api.fulfil_reservation('f-1', %L)$$, test_support.id('rsv')
    )), 21),
    ': recall\nsee memo 7.',
    'a reservation of a held lot names the hold''s reason escaped, on one line'
);
SELECT ok(
    test_support.books_agree() AND NOT EXISTS (
        SELECT FROM inventory.stock_movement AS m
        WHERE m.idempotency_key IN ('m-1', 'm-2', 't-1', 'ret-1', 'ret-2', 'f-1')
    ),
    'none of the refused calls moved stock'
);

SELECT * FROM finish();
ROLLBACK;
