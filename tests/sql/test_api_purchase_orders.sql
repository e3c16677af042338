-- Purchase orders: create, add lines, submit, receive in parts, cancel.
BEGIN;
SELECT plan(48);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM test_support.remember('po', api.create_purchase_order(test_support.id('sup'), 'EUR', now() + interval '7 days'));
END
$$;

SELECT results_eq(
    format(
        'SELECT status::text, currency::text, total_minor, version FROM procurement.purchase_order WHERE id = %L', test_support.id('po')
    ),
    $$VALUES ('draft', 'EUR', 0::bigint, 1)$$,
    'create_purchase_order makes an empty draft'
);
DO $$
BEGIN
    PERFORM test_support.remember('line', api.add_purchase_order_item(test_support.id('po'), 1, test_support.id('p'), 10, 250));
END
$$;
SELECT results_eq(
    format('SELECT total_minor, version FROM procurement.purchase_order WHERE id = %L', test_support.id('po')),
    $$VALUES (2500::bigint, 2)$$,
    'a line adds to the total and bumps the version'
);
SELECT throws_ok(
    format($$SELECT api.add_purchase_order_item(%L, 1, %L, 1, 1)$$, test_support.id('po'), test_support.id('p')),
    'SD004',
    format('purchase_order %s was changed by someone else', test_support.id('po')),
    'a stale version fails with SD004'
);
SELECT throws_ok(
    format($$SELECT api.receive_purchase_order_item('rx-0', %L, %L, 1)$$, test_support.id('line'), test_support.id('a1')),
    'SD003',
    format(
        'purchase order %s is draft: nothing can be received on it',
        (SELECT number FROM procurement.purchase_order WHERE id = test_support.id('po'))
    ),
    'nothing can be received on a draft'
);
SELECT is(
    api.submit_purchase_order(test_support.id('po'), 2), 3, 'submit_purchase_order returns the new version'
);
SELECT results_eq(
    format('SELECT status::text, ordered_at IS NOT NULL FROM procurement.purchase_order WHERE id = %L', test_support.id('po')),
    $$VALUES ('ordered', TRUE)$$,
    'the order is ordered, with the time'
);
SELECT throws_ok(
    format($$SELECT api.submit_purchase_order(%L, 3)$$, test_support.id('po')),
    'SD003',
    format('purchase_order %s cannot go from ordered to ordered', test_support.id('po')),
    'an ordered purchase order cannot be submitted again'
);
SELECT throws_ok(
    format($$SELECT api.add_purchase_order_item(%L, 3, %L, 1, 1)$$, test_support.id('po'), test_support.id('p')),
    'SD003',
    format(
        'purchase order %s is ordered: lines can be added to a draft only',
        (SELECT number FROM procurement.purchase_order WHERE id = test_support.id('po'))
    ),
    'lines are added to drafts only'
);

DO $$
BEGIN
    PERFORM test_support.remember('rx1', api.receive_purchase_order_item(
        'rx-1', test_support.id('line'), test_support.id('a1'), 4, 'LOT-7', '2030-06-30'
    ));
END
$$;
SELECT results_eq(
    format($$SELECT m.movement_type::text, m.quantity, m.reference_type, b.batch_number, b.unit_cost_minor, b.currency::text
             FROM inventory.stock_movement AS m JOIN catalog.product_batch AS b ON b.id = m.batch_id
             WHERE m.id = %L$$, test_support.id('rx1')),
    $$VALUES ('purchase_receipt', 4.000::numeric(14, 3), 'purchase_order_item', 'LOT-7', 250::bigint, 'EUR')$$,
    'a receipt posts a purchase_receipt into a batch costed from the line'
);
SELECT results_eq(
    format(
        $$SELECT po.status::text, i.quantity_received FROM procurement.purchase_order AS po
             JOIN procurement.purchase_order_item AS i ON i.purchase_order_id = po.id WHERE po.id = %L$$,
        test_support.id('po')
    ),
    $$VALUES ('partial', 4.000::numeric(14, 3))$$,
    'a part received makes the order partial'
);
SELECT is(
    api.receive_purchase_order_item('rx-1', test_support.id('line'), test_support.id('a1'), 4, 'LOT-7', '2030-06-30'),
    test_support.id('rx1'),
    'a retry returns the first receipt'
);
SELECT throws_ok(
    format($$SELECT api.receive_purchase_order_item('rx-2', %L, %L, 7)$$, test_support.id('line'), test_support.id('a1')),
    '22023',
    format('over-receipt of P on purchase order %s', (SELECT number FROM procurement.purchase_order WHERE id = test_support.id('po'))),
    'receiving more than is open fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.receive_purchase_order_item('rx-long', %L, %L, 1, repeat('L', 101))$$,
        test_support.id('line'), test_support.id('a1')
    ),
    '22023', 'batch_number is too long', 'a batch number of 101 characters fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.receive_purchase_order_item('rx-blank', %L, %L, 1, ' ')$$,
        test_support.id('line'), test_support.id('a1')
    ),
    '22023', 'batch_number is missing or malformed', 'a blank batch number fails with 22023, not a bare 23514'
);
SELECT lives_ok(
    format($$SELECT api.receive_purchase_order_item('rx-3', %L, %L, 6, 'LOT-8')$$, test_support.id('line'), test_support.id('a2')),
    'the rest can be received'
);
SELECT results_eq(
    format('SELECT status::text, received_at IS NOT NULL FROM procurement.purchase_order WHERE id = %L', test_support.id('po')),
    $$VALUES ('received', TRUE)$$,
    'everything received makes the order received'
);
SELECT results_eq(
    format('SELECT on_hand FROM api.stock_level(%L)', test_support.id('p')),
    $$VALUES (10::numeric)$$,
    'the stock is there'
);
SELECT ok(test_support.books_agree(), 'every balance equals the sum of its ledger rows');
SELECT throws_ok(
    format(
        $$SELECT api.cancel_purchase_order(%L, %s)$$, test_support.id('po'),
        test_support.version_of('procurement.purchase_order', test_support.id('po'))
    ),
    'SD003',
    format('purchase_order %s cannot go from received to cancelled', test_support.id('po')),
    'a received purchase order cannot be cancelled'
);

DO $$
BEGIN
    PERFORM test_support.remember('po2', api.create_purchase_order(test_support.id('sup'), 'EUR'));
END
$$;
SELECT is(
    api.cancel_purchase_order(test_support.id('po2'), 1), 2, 'a draft can be cancelled'
);
SELECT throws_ok(
    format($$SELECT api.create_purchase_order(%L, 'EUR', 'infinity')$$, test_support.id('sup')),
    '22023', 'expected_at must be a point in time', 'an expected delivery at infinity fails with 22023'
);
SELECT throws_ok(
    format($$UPDATE procurement.purchase_order SET expected_at = 'infinity' WHERE id = %L$$, test_support.id('po')),
    '23514', 'new row for relation "purchase_order" violates check constraint "purchase_order_expected_at_finite_check"',
    'the table refuses an infinite expected_at from any writer'
);
SELECT throws_ok(
    $$SELECT api.create_purchase_order('00000000-0000-7000-8000-00000000dead', 'EUR')$$,
    'SD404',
    'supplier 00000000-0000-7000-8000-00000000dead not found',
    'an unknown supplier fails with SD404'
);
SELECT throws_ok(
    format($$SELECT api.create_purchase_order(%L, 'euro')$$, test_support.id('sup')),
    '22023',
    'currency must be an ISO 4217 code',
    'a bad currency fails with 22023'
);

DO $$
BEGIN
    PERFORM test_support.remember('po3', api.create_purchase_order(test_support.id('sup'), 'EUR'));
END
$$;
SELECT throws_ok(
    format($$SELECT api.submit_purchase_order(%L, 1)$$, test_support.id('po3')),
    '22023',
    format('purchase order %s has no lines', (SELECT number FROM procurement.purchase_order WHERE id = test_support.id('po3'))),
    'an order without lines cannot be submitted'
);
SELECT throws_ok(
    format($$SELECT api.add_purchase_order_item(%L, 1, %L, 1, -5)$$, test_support.id('po3'), test_support.id('p')),
    '22023',
    'unit_cost_minor must be zero or more',
    'a negative unit cost fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.add_purchase_order_item(%L, 1, %L, 10000000000, 9000000000000000000)$$,
        test_support.id('po3'), test_support.id('p')
    ),
    '22023',
    'the line total is too large',
    'a line total beyond bigint fails with 22023, not a bare 22003'
);
DO $$
BEGIN
    PERFORM test_support.remember('po4', api.create_purchase_order(test_support.id('sup'), 'EUR'));
    PERFORM api.add_purchase_order_item(test_support.id('po4'), 1, test_support.id('p'), 1, 9000000000000000000);
END
$$;
SELECT throws_ok(
    format(
        $$SELECT api.add_purchase_order_item(%L, %s, %L, 1, 900000000000000000)$$,
        test_support.id('po4'), (SELECT version FROM procurement.purchase_order WHERE id = test_support.id('po4')),
        test_support.id('p')
    ),
    '22023',
    'the order total is too large',
    'a line that takes the order total beyond bigint fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.add_purchase_order_item(%L, 1, '00000000-0000-7000-8000-00000000dead', 1, 5)$$, test_support.id('po3')),
    'SD404',
    'product 00000000-0000-7000-8000-00000000dead not found',
    'an unknown product fails with SD404'
);
SELECT throws_ok(
    format($$SELECT api.receive_purchase_order_item('rx-9', '00000000-0000-7000-8000-00000000dead', %L, 1)$$, test_support.id('a1')),
    'SD404',
    'purchase order item 00000000-0000-7000-8000-00000000dead not found',
    'an unknown line fails with SD404'
);
SELECT throws_ok(
    format($$SELECT api.receive_purchase_order_item('rx-1', %L, %L, 5)$$, test_support.id('line'), test_support.id('a1')),
    'SD002',
    'idempotency key rx-1 was already used with other arguments',
    'a receipt key reused with other arguments fails with SD002'
);

SELECT throws_ok(
    format($$SELECT api.cancel_purchase_order(%L, 2)$$, test_support.id('po2')),
    'SD003',
    format('purchase_order %s cannot go from cancelled to cancelled', test_support.id('po2')),
    'a cancelled purchase order cannot be cancelled again'
);
SELECT throws_ok(
    format($$SELECT api.submit_purchase_order(%L, 7)$$, test_support.id('po3')),
    'SD004',
    format('purchase_order %s was changed by someone else', test_support.id('po3')),
    'submitting at a stale version fails with SD004'
);
SELECT throws_ok(
    $$SELECT api.submit_purchase_order('00000000-0000-7000-8000-00000000dead', 1)$$,
    'SD404',
    'purchase order 00000000-0000-7000-8000-00000000dead not found',
    'submitting an unknown purchase order fails with SD404'
);
SELECT throws_ok(
    format($$SELECT api.cancel_purchase_order(%L, 7)$$, test_support.id('po3')),
    'SD004',
    format('purchase_order %s was changed by someone else', test_support.id('po3')),
    'cancelling at a stale version fails with SD004'
);
SELECT throws_ok(
    format($$SELECT api.cancel_purchase_order(%L, NULL)$$, test_support.id('po3')),
    '22023',
    'version must not be null',
    'cancelling without a version fails with 22023'
);
SELECT throws_ok(
    $$SELECT api.cancel_purchase_order('00000000-0000-7000-8000-00000000dead', 1)$$,
    'SD404',
    'purchase order 00000000-0000-7000-8000-00000000dead not found',
    'cancelling an unknown purchase order fails with SD404'
);
SELECT throws_ok(
    format(
        $$SELECT api.create_purchase_order(%L, 'EUR', number => %L)$$, test_support.id('sup'),
        (SELECT number FROM procurement.purchase_order WHERE id = test_support.id('po3'))
    ),
    '23505',
    format(
        'purchase order number %s is already used',
        (SELECT number FROM procurement.purchase_order WHERE id = test_support.id('po3'))
    ),
    'a number the tenant already used fails with 23505'
);
SELECT results_eq(
    format('SELECT status::text, version FROM procurement.purchase_order WHERE id = %L', test_support.id('po3')),
    $$VALUES ('draft', 1)$$,
    'the refused calls left the draft as it was'
);
-- A draft whose expected delivery has passed (one imported as expected today
-- is at midnight) failed to submit with a bare 23514 from
-- purchase_order_expected_at_check, and nothing could change its date.
DO $$
BEGIN
    PERFORM test_support.remember('po4', api.create_purchase_order(
        test_support.id('sup'), 'EUR', expected_at => now() - interval '1 day'
    ));
    PERFORM api.add_purchase_order_item(test_support.id('po4'), 1, test_support.id('p'), 1, 100);
END
$$;
SELECT throws_ok(
    format($$SELECT api.submit_purchase_order(%L, 2)$$, test_support.id('po4')),
    '22023', 'expected_at is before the order is placed',
    'a draft whose expected delivery has passed is refused with 22023, not a bare 23514'
);
SELECT is(
    test_support.error_detail(format($$SELECT api.submit_purchase_order(%L, 2)$$, test_support.id('po4'))),
    format(
        'Purchase order %s expects delivery at %s; it is placed at %s.',
        (SELECT number FROM procurement.purchase_order WHERE id = test_support.id('po4')),
        now() - interval '1 day', now()
    ),
    'its DETAIL names the draft''s date and the time the order would be placed'
);
SELECT throws_ok(
    format($$SELECT api.submit_purchase_order(%L, 2, now() - interval '1 hour')$$, test_support.id('po4')),
    '22023', 'expected_at is before the order is placed',
    'a new expected delivery before the order is placed is refused too'
);
SELECT throws_ok(
    format($$SELECT api.submit_purchase_order(%L, 2, 'infinity')$$, test_support.id('po4')),
    '22023', 'expected_at must be a point in time',
    'an infinite expected delivery is refused'
);
SELECT results_eq(
    format(
        'SELECT status::text, version, expected_at < now() FROM procurement.purchase_order WHERE id = %L',
        test_support.id('po4')
    ),
    $$VALUES ('draft', 2, true)$$,
    'the refused submissions left the draft as it was'
);
SELECT is(
    api.submit_purchase_order(test_support.id('po4'), 2, expected_at => now() + interval '3 days'), 3,
    'the draft is submitted with the new expected delivery the supplier gives'
);
SELECT results_eq(
    format(
        'SELECT status::text, expected_at = now() + interval ''3 days'' FROM procurement.purchase_order WHERE id = %L',
        test_support.id('po4')
    ),
    $$VALUES ('ordered', true)$$,
    'the order is placed and expects the new date'
);
DO $$
BEGIN
    PERFORM test_support.remember('po5', api.create_purchase_order(
        test_support.id('sup'), 'EUR', expected_at => now() + interval '2 days'
    ));
    PERFORM api.add_purchase_order_item(test_support.id('po5'), 1, test_support.id('p'), 1, 100);
    PERFORM api.submit_purchase_order(test_support.id('po5'), 2);
END
$$;
SELECT ok(
    (SELECT expected_at = now() + interval '2 days' FROM procurement.purchase_order WHERE id = test_support.id('po5')),
    'without expected_at, the draft''s date is kept'
);
-- update_supplier's active flag changed nothing: an inactive supplier was ordered from.
DO $$
BEGIN
    PERFORM api.update_supplier(
        test_support.id('sup'), test_support.version_of('procurement.supplier', test_support.id('sup')), active => false
    );
END
$$;
SELECT throws_ok(
    format($$SELECT api.create_purchase_order(%L, 'EUR')$$, test_support.id('sup')),
    '22023', format('supplier %s is inactive', test_support.id('sup')),
    'an inactive supplier is not ordered from'
);
SELECT * FROM finish();
ROLLBACK;
