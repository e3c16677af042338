-- api.update_purchase_order: a supplier's delivery slips, and the buyer
-- records the date it now gives. Before it an order stayed overdue from its
-- first date until the goods came, whatever the supplier said.
BEGIN;
SELECT plan(25);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM test_support.remember('po', api.create_purchase_order(test_support.id('sup'), 'EUR', number => 'PO-1'));
    PERFORM test_support.remember('line', api.add_purchase_order_item(test_support.id('po'), 1, test_support.id('p'), 10, 250));
    PERFORM test_support.remember('gone', api.create_purchase_order(test_support.id('sup'), 'EUR', number => 'PO-2'));
    PERFORM api.cancel_purchase_order(test_support.id('gone'), 1);
END
$$;
CREATE FUNCTION pg_temp.v() RETURNS integer LANGUAGE sql AS $$
    SELECT test_support.version_of('procurement.purchase_order', test_support.id('po'))
$$;
CREATE FUNCTION pg_temp.order_row() RETURNS TABLE (status text, expected_at timestamptz, notes text, overdue boolean)
LANGUAGE sql AS $$
    SELECT s.status::text, s.expected_at, po.notes, s.overdue
    FROM report.purchase_order_status AS s
    INNER JOIN procurement.purchase_order AS po ON po.id = s.purchase_order_id
    WHERE s.purchase_order_id = test_support.id('po')
$$;

-- A draft.
CREATE TEMP TABLE before_change AS SELECT pg_temp.v() AS version;
SELECT cmp_ok(
    api.update_purchase_order(test_support.id('po'), pg_temp.v(), now() + interval '5 days', 'call before delivery'),
    '>', (SELECT version FROM before_change),
    'update_purchase_order returns the order''s new version'
);
SELECT results_eq(
    'SELECT * FROM pg_temp.order_row()',
    $$VALUES ('draft', now() + interval '5 days', 'call before delivery', FALSE)$$,
    'a draft takes a delivery date and notes'
);
SELECT lives_ok(
    $$SELECT api.update_purchase_order(test_support.id('po'), pg_temp.v(), clear => '{notes}')$$,
    'clear empties the notes'
);
SELECT results_eq(
    'SELECT expected_at, notes FROM pg_temp.order_row()',
    $$VALUES (now() + interval '5 days', NULL::text)$$,
    'and keeps the date'
);

-- Ordered ten days ago, expected three days ago: overdue.
DO $$
BEGIN
    PERFORM api.submit_purchase_order(test_support.id('po'), pg_temp.v());
    UPDATE procurement.purchase_order
    SET created_at = now() - interval '20 days', ordered_at = now() - interval '10 days',
        expected_at = now() - interval '3 days'
    WHERE id = test_support.id('po');
END
$$;
SELECT is((SELECT overdue FROM pg_temp.order_row()), TRUE, 'an ordered purchase order past its date is overdue');
SELECT lives_ok(
    $$SELECT api.update_purchase_order(test_support.id('po'), pg_temp.v(), now() + interval '7 days', 'slipped a week')$$,
    'the supplier''s new date is recorded'
);
SELECT results_eq(
    'SELECT * FROM pg_temp.order_row()',
    $$VALUES ('ordered', now() + interval '7 days', 'slipped a week', FALSE)$$,
    'and the order is overdue no more'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order(test_support.id('po'), pg_temp.v(), now() - interval '11 days')$$,
    '22023', 'expected_at is before the order is placed', 'a date before the order was placed is 22023'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order(test_support.id('po'), pg_temp.v(), 'infinity')$$,
    '22023', 'expected_at must be a point in time', 'infinity is 22023'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order(test_support.id('po'), pg_temp.v(), clear => '{number}')$$,
    '22023', 'cannot clear number', 'clear names only the fields it can empty'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order(test_support.id('po'), pg_temp.v(), notes => 'x', clear => '{notes}')$$,
    '22023', 'notes is both given and cleared', 'a field is given or cleared, not both'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order(test_support.id('po'), NULL, notes => 'x')$$,
    '22023', 'version must not be null', 'no version is 22023'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order(test_support.id('po'), 1, notes => 'x')$$,
    'SD004', NULL, 'a stale version is SD004'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order(gen_random_uuid(), 1, notes => 'x')$$,
    'SD404', NULL, 'an unknown order is SD404'
);
SELECT results_eq(
    'SELECT * FROM pg_temp.order_row()',
    $$VALUES ('ordered', now() + interval '7 days', 'slipped a week', FALSE)$$,
    'the refused calls changed nothing'
);
SELECT lives_ok(
    $$SELECT api.update_purchase_order(test_support.id('po'), pg_temp.v(), clear => '{expected_at}')$$,
    'an ordered purchase order can be left without a date'
);
SELECT is((SELECT expected_at FROM pg_temp.order_row()), NULL, 'and has none');

-- Partly received, then received, or cancelled.
SELECT lives_ok(
    $$SELECT api.receive_purchase_order_item('rc-1', test_support.id('line'), test_support.id('a1'), 4, 'LOT-1', '2031-01-01')$$,
    'four of ten arrive'
);
SELECT lives_ok(
    $$SELECT api.update_purchase_order(test_support.id('po'), pg_temp.v(), now() + interval '2 days', 'rest on Monday')$$,
    'a partly received order takes a date for the rest'
);
SELECT results_eq(
    'SELECT status, notes FROM pg_temp.order_row()', $$VALUES ('partial', 'rest on Monday')$$, 'and stays partial'
);
SELECT lives_ok(
    $$SELECT api.receive_purchase_order_item('rc-2', test_support.id('line'), test_support.id('a1'), 6, 'LOT-1', '2031-01-01')$$,
    'the rest arrives'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order(test_support.id('po'), pg_temp.v(), notes => 'late')$$,
    'SD003', 'purchase order PO-1 is received: it can be changed until it is received or cancelled only',
    'a received order changes no more'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order(test_support.id('gone'), 2, notes => 'x')$$,
    'SD003', 'purchase order PO-2 is cancelled: it can be changed until it is received or cancelled only',
    'nor a cancelled one'
);

DO $$
BEGIN
    PERFORM test_support.remember('staff', api.create_user('staff@example.com', 'warehouse_staff'));
    PERFORM api.set_context(test_support.default_tenant(), test_support.id('staff'));
END
$$;
SELECT throws_ok(
    $$SELECT api.update_purchase_order(test_support.id('po'), pg_temp.v(), notes => 'x')$$,
    '42501', NULL, 'a role without the permission is refused'
);
SELECT set_config('stockdb.tenant_id', '', TRUE);
SELECT throws_ok(
    $$SELECT api.update_purchase_order(test_support.id('po'), 1)$$,
    '42501', 'no tenant context', 'without a tenant context it fails with 42501'
);

SELECT * FROM finish();
ROLLBACK;
