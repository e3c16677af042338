-- A lot is valued at one cost (report.stock_valuation, by specific
-- identification). Before, a receipt of a known lot at another cost or in
-- another currency went in at the known one without a word (250 USD valued
-- as 100 EUR), a cost given for a lot received without one was dropped, and
-- no call could correct a lot's cost.
BEGIN;
SELECT plan(24);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 5, 'LOT-1',
                              unit_cost_minor => 100, currency => 'EUR');
    PERFORM api.receive_stock('in-2', test_support.id('p'), test_support.id('a1'), 5, 'LOT-2');
END
$$;

SELECT throws_ok(
    format(
        $$SELECT api.receive_stock('in-3', %L, %L, 1, 'LOT-1', unit_cost_minor => 250, currency => 'USD')$$,
        test_support.id('p'), test_support.id('a1')
    ),
    '22023', 'batch LOT-1 of P has another cost',
    'a receipt of a known lot at another cost and currency is refused'
);
SELECT throws_ok(
    format(
        $$SELECT api.receive_stock('in-3', %L, %L, 1, 'LOT-1', unit_cost_minor => 120)$$,
        test_support.id('p'), test_support.id('s1')
    ),
    '22023', 'batch LOT-1 of P has another cost',
    'so is one at another cost in the lot''s currency (the product''s), in another warehouse'
);
SELECT throws_ok(
    format(
        $$SELECT api.receive_stock('in-3', %L, %L, 1, 'LOT-1', unit_cost_minor => 100, currency => 'USD')$$,
        test_support.id('p'), test_support.id('a1')
    ),
    '22023', 'batch LOT-1 of P has another cost',
    'and one at the same amount in another currency'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.receive_stock('in-3', %L, %L, 1, 'LOT-1', unit_cost_minor => 250, currency => 'USD')$$,
        test_support.id('p'), test_support.id('a1')
    )),
    'Known: 100 EUR a unit; given: 250 USD.',
    'the DETAIL gives the known cost and the given one'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.receive_stock('in-3', %L, %L, 1, 'LOT-2', '2030-01-01')$$,
        test_support.id('p'), test_support.id('a1')
    )),
    'Known: made unknown, expires never; given: made not given, expires 2030-01-01.',
    'a lot received without dates is refused dates, and the DETAIL says what it lacks (it read "made , expires ;")'
);
SELECT is(
    (SELECT count(*) FROM inventory.stock_movement WHERE batch_id = test_support.batch('LOT-1')),
    1::bigint,
    'a refused receipt moves nothing'
);
SELECT lives_ok(
    format(
        $$SELECT api.receive_stock('in-4', %L, %L, 1, 'LOT-1', unit_cost_minor => 100, currency => 'EUR')$$,
        test_support.id('p'), test_support.id('a1')
    ),
    'a receipt at the lot''s cost is taken'
);
SELECT lives_ok(
    format(
        $$SELECT api.receive_stock('in-5', %L, %L, 1, 'LOT-1', unit_cost_minor => 100)$$,
        test_support.id('p'), test_support.id('a2')
    ),
    'and one at its cost in the product''s currency, the lot''s'
);
SELECT lives_ok(
    format(
        $$SELECT api.receive_stock('in-6', %L, %L, 1, 'LOT-1', movement_type => 'returned')$$,
        test_support.id('p'), test_support.id('a1')
    ),
    'a receipt without a cost (a return) goes in at the lot''s'
);
SELECT lives_ok(
    format(
        $$SELECT api.receive_stock('in-7', %L, %L, 2, 'LOT-2', unit_cost_minor => 300, currency => 'EUR')$$,
        test_support.id('p'), test_support.id('a1')
    ),
    'a receipt with a cost of a lot received without one is taken'
);
SELECT results_eq(
    format(
        $$SELECT unit_cost_minor, currency::text, version FROM catalog.product_batch WHERE id = %L$$,
        test_support.batch('LOT-2')
    ),
    $$VALUES (300::bigint, 'EUR', 2)$$,
    'and gives the lot its cost (a change of the lot: its version moves on)'
);
SELECT results_eq(
    format(
        $$SELECT on_hand, value_minor FROM report.stock_valuation WHERE product_id = %L AND warehouse_id = %L$$,
        test_support.id('p'), test_support.id('w')
    ),
    $$VALUES (15.000::numeric, 2900::bigint)$$,
    'the stock is valued at the lots'' costs: 8 at 100 and 7 at 300'
);

-- Correcting a lot's cost.
SELECT is(
    api.update_batch(test_support.batch('LOT-1'), 1, unit_cost_minor => 110),
    2,
    'update_batch corrects the cost, in the lot''s currency, and returns the new version'
);
SELECT lives_ok(
    format(
        $$SELECT api.receive_stock('in-8', %L, %L, 1, 'LOT-1', unit_cost_minor => 110, currency => 'EUR')$$,
        test_support.id('p'), test_support.id('a1')
    ),
    'a receipt at the corrected cost is taken'
);
SELECT is(
    api.update_batch(test_support.batch('LOT-1'), 2, unit_cost_minor => 95, currency => 'USD'),
    3,
    'update_batch changes the cost and its currency together'
);
SELECT throws_ok(
    format($$SELECT api.update_batch(%L, 3, clear => '{unit_cost_minor}')$$, test_support.batch('LOT-1')),
    '22023', 'a cost needs both unit_cost_minor (zero or more) and an ISO 4217 currency',
    'clearing the cost without its currency fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.update_batch(%L, 3, unit_cost_minor => -1)$$, test_support.batch('LOT-1')),
    '22023', 'a cost needs both unit_cost_minor (zero or more) and an ISO 4217 currency',
    'a negative cost fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.update_batch(%L, 3, currency => 'usd')$$, test_support.batch('LOT-1')),
    '22023', 'currency must be an ISO 4217 code',
    'a currency that is not three capital letters fails with 22023'
);
SELECT is(
    api.update_batch(test_support.batch('LOT-1'), 3, clear => '{unit_cost_minor,currency}'),
    4,
    'clearing both leaves the lot without a cost'
);
SELECT results_eq(
    format($$SELECT unit_cost_minor, currency FROM catalog.product_batch WHERE id = %L$$, test_support.batch('LOT-1')),
    $$VALUES (NULL::bigint, NULL::char(3))$$,
    'the lot has no cost'
);

-- A purchase order's receipt is costed from its line.
DO $$
BEGIN
    PERFORM test_support.remember('po', api.create_purchase_order(test_support.id('sup'), 'EUR'));
    PERFORM test_support.remember('line', api.add_purchase_order_item(test_support.id('po'), 1, test_support.id('p'), 10, 250));
    PERFORM api.submit_purchase_order(test_support.id('po'), 2);
END
$$;
SELECT throws_ok(
    format(
        $$SELECT api.receive_purchase_order_item('rx-1', %L, %L, 1, 'LOT-2')$$,
        test_support.id('line'), test_support.id('a1')
    ),
    '22023', 'batch LOT-2 of P has another cost',
    'a purchase order receipt into a lot known at another cost than the line''s is refused'
);
SELECT is(
    (test_support.error_parts(format(
        $$SELECT api.receive_purchase_order_item('rx-1', %L, %L, 1, 'LOT-2')$$,
        test_support.id('line'), test_support.id('a1')
    ))).hint,
    'A batch number names one lot at one cost: receive at the known cost (api.receive_stock may leave '
    || 'unit_cost_minor out) or under another batch number, or correct the known cost first (api.update_batch).',
    'its HINT names what the receiver can do, a purchase order''s receipt taking no cost of its own'
);
SELECT lives_ok(
    format(
        $$SELECT api.receive_purchase_order_item('rx-2', %L, %L, 1, 'LOT-1')$$,
        test_support.id('line'), test_support.id('a1')
    ),
    'one into a lot without a cost is taken'
);
SELECT results_eq(
    format($$SELECT unit_cost_minor, currency::text FROM catalog.product_batch WHERE id = %L$$, test_support.batch('LOT-1')),
    $$VALUES (250::bigint, 'EUR')$$,
    'and gives the lot the line''s cost'
);

SELECT * FROM finish();
ROLLBACK;
