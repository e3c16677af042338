-- A location's capacity bounds the stock placed into it (receipts, transfers
-- in, returns); adjustments and counts record what is there and are not held
-- to it. Before, a receipt into a full location was taken.
BEGIN;
SELECT plan(17);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.update_location(test_support.id('a2'), 1, capacity => 10);
    PERFORM api.receive_stock('in-a1', test_support.id('k'), test_support.id('a1'), 50);
    PERFORM api.receive_stock('in-a2', test_support.id('k'), test_support.id('a2'), 6);
END
$$;

SELECT throws_ok(
    format($$SELECT api.receive_stock('over', %L, %L, 5)$$, test_support.id('p'), test_support.id('a2')),
    '22023',
    'location A2 has room for 4 more, not 5',
    'a receipt that would take a location above its capacity fails with 22023'
);
SELECT is(
    test_support.error_detail(
        format($$SELECT api.receive_stock('over', %L, %L, 5)$$, test_support.id('p'), test_support.id('a2'))
    ),
    'Capacity 10; it holds 6 before this placement of 5.',
    'its DETAIL gives the capacity and what the location holds'
);
SELECT results_eq(
    format(
        $$SELECT (SELECT sum(on_hand) FROM inventory.inventory WHERE location_id = %1$L),
                 (SELECT count(*) FROM inventory.stock_movement WHERE location_id = %1$L),
                 (SELECT count(*) FROM inventory.movement_request WHERE idempotency_key = 'over')$$,
        test_support.id('a2')
    ),
    $$VALUES (6::numeric, 1::bigint, 0::bigint)$$,
    'the refused receipt changed nothing: no balance, no ledger row, its key unclaimed'
);
SELECT lives_ok(
    format($$SELECT api.receive_stock('fill', %L, %L, 4)$$, test_support.id('p'), test_support.id('a2')),
    'a receipt of another product that fills the location exactly is taken'
);
SELECT throws_ok(
    format(
        $$SELECT api.transfer_stock('tr', %L, %L, %L, 0.5)$$,
        test_support.id('k'), test_support.id('a1'), test_support.id('a2')
    ),
    '22023',
    'location A2 has room for 0 more, not 0.5',
    'a transfer into a full location fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.record_movement('back', 'returned', %L, %L, 1)$$, test_support.id('k'), test_support.id('a2')),
    '22023',
    'location A2 has room for 0 more, not 1',
    'a customer return into a full location fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.receive_stock('in-ret', %L, %L, 1, movement_type => 'returned')$$,
        test_support.id('k'), test_support.id('a2')
    ),
    '22023',
    'location A2 has room for 0 more, not 1',
    'so does a return received through receive_stock'
);

DO $$
BEGIN
    PERFORM test_support.remember('po', api.create_purchase_order(test_support.id('sup'), 'EUR'));
    PERFORM test_support.remember(
        'line', api.add_purchase_order_item(test_support.id('po'), 1, test_support.id('k'), 10, 250)
    );
    PERFORM api.submit_purchase_order(test_support.id('po'), 2);
END
$$;
SELECT throws_ok(
    format(
        $$SELECT api.receive_purchase_order_item('po-in', %L, %L, 2)$$, test_support.id('line'), test_support.id('a2')
    ),
    '22023',
    'location A2 has room for 0 more, not 2',
    'a purchase order receipt into a full location fails with 22023'
);
SELECT is(
    (SELECT quantity_received FROM procurement.purchase_order_item WHERE id = test_support.id('line')),
    0::numeric,
    'and the line received nothing'
);

-- What is on the shelf is recorded, whatever the capacity says.
SELECT lives_ok(
    format(
        $$SELECT api.record_movement('found', 'adjustment', %L, %L, 3, reason => 'found behind the shelf')$$,
        test_support.id('k'), test_support.id('a2')
    ),
    'an adjustment beyond the capacity is recorded'
);
SELECT lives_ok(
    format($$SELECT api.count_stock('count', %L, %L, NULL, 12)$$, test_support.id('k'), test_support.id('a2')),
    'a count beyond the capacity is recorded'
);
SELECT is(
    (SELECT sum(on_hand) FROM inventory.inventory WHERE location_id = test_support.id('a2')),
    16::numeric,
    'the location holds what was counted and placed: 12 + 4'
);
-- Stock leaving a location over its capacity is not held up.
SELECT lives_ok(
    format(
        $$SELECT api.transfer_stock('out', %L, %L, %L, 2)$$,
        test_support.id('k'), test_support.id('a2'), test_support.id('a1')
    ),
    'stock leaves a location above its capacity'
);

DO $$
BEGIN
    PERFORM api.update_location(
        test_support.id('a2'), test_support.version_of('warehouse.location', test_support.id('a2')), capacity => 20
    );
END
$$;
SELECT lives_ok(
    format($$SELECT api.receive_purchase_order_item('po-in', %L, %L, 6)$$, test_support.id('line'), test_support.id('a2')),
    'after the capacity is raised, the location takes stock up to it'
);
SELECT lives_ok(
    format($$SELECT api.receive_stock('no-cap', %L, %L, 100000)$$, test_support.id('k'), test_support.id('a1')),
    'a location without a capacity takes any amount'
);
SELECT results_eq(
    $$SELECT l.code, g.placements FROM inventory.capacity_gate AS g JOIN warehouse.location AS l ON l.id = g.location_id$$,
    $$VALUES ('A2', 3::bigint)$$,
    'placements into the location with a capacity took their turns on its gate row; none elsewhere'
);
SELECT ok(test_support.books_agree(), 'the books agree');

SELECT * FROM finish();
ROLLBACK;
