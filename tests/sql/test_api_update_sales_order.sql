-- api.update_sales_order: the customer moves the delivery, or shipping and
-- tax are corrected. Before it the address an order was created with was the
-- one its shipment took, whatever the customer said later.
BEGIN;
SELECT plan(27);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 20, 'LOT', '2031-01-01');
    PERFORM test_support.remember('so', api.create_sales_order(
        'so-1', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 2)),
        shipping_minor => 500, tax_minor => 100, number => 'SO-U', shipping_address => '{"city": "Bonn"}'
    ));
END
$$;
CREATE FUNCTION pg_temp.v() RETURNS integer LANGUAGE sql AS $$
    SELECT test_support.version_of('sales.sales_order', test_support.id('so'))
$$;
CREATE FUNCTION pg_temp.order_row() RETURNS TABLE (
    status text, city text, shipping bigint, tax bigint, total bigint, approved boolean
) LANGUAGE sql AS $$
    SELECT status::text, shipping_address ->> 'city', shipping_minor, tax_minor, total_minor, approved_at IS NOT NULL
    FROM sales.sales_order WHERE id = test_support.id('so')
$$;

CREATE TEMP TABLE before_change AS SELECT pg_temp.v() AS version;
SELECT cmp_ok(
    api.update_sales_order(test_support.id('so'), pg_temp.v(), '{"city": "Köln"}', 700, 150),
    '>', (SELECT version FROM before_change),
    'update_sales_order returns the order''s new version'
);
SELECT results_eq(
    'SELECT * FROM pg_temp.order_row()',
    $$VALUES ('pending', 'Köln', 700::bigint, 150::bigint, 4848::bigint, FALSE)$$,
    'a pending order takes a new address, shipping and tax, and its total follows (3998 + 700 + 150)'
);
SELECT lives_ok(
    $$SELECT api.update_sales_order(test_support.id('so'), pg_temp.v(), tax_minor => 200)$$,
    'one field alone'
);
SELECT results_eq(
    'SELECT * FROM pg_temp.order_row()',
    $$VALUES ('pending', 'Köln', 700::bigint, 200::bigint, 4898::bigint, FALSE)$$,
    'the others are kept'
);

SELECT throws_ok(
    $$SELECT api.update_sales_order(test_support.id('so'), pg_temp.v(), shipping_minor => -1)$$,
    '22023', 'shipping_minor and tax_minor must be zero or more', 'a negative amount is 22023'
);
SELECT throws_ok(
    $$SELECT api.update_sales_order(test_support.id('so'), pg_temp.v(), '["Köln"]')$$,
    '22023', 'shipping_address must be a JSON object', 'an address that is not an object is 22023'
);
SELECT throws_ok(
    $$SELECT api.update_sales_order(test_support.id('so'), pg_temp.v(), shipping_minor => 9223372036854775807)$$,
    '22023', 'the order total is too large', 'a total that does not fit is 22023'
);
SELECT throws_ok(
    $$SELECT api.update_sales_order(test_support.id('so'), NULL, tax_minor => 1)$$,
    '22023', 'version must not be null', 'no version is 22023'
);
SELECT throws_ok(
    $$SELECT api.update_sales_order(test_support.id('so'), 1, tax_minor => 1)$$,
    'SD004', NULL, 'a stale version is SD004'
);
SELECT throws_ok(
    $$SELECT api.update_sales_order(gen_random_uuid(), 1, tax_minor => 1)$$,
    'SD404', NULL, 'an unknown order is SD404'
);
SELECT results_eq(
    'SELECT * FROM pg_temp.order_row()',
    $$VALUES ('pending', 'Köln', 700::bigint, 200::bigint, 4898::bigint, FALSE)$$,
    'the refused calls changed nothing'
);

-- Approved: a new address keeps the approval, new amounts do not.
SELECT lives_ok($$SELECT api.approve_sales_order(test_support.id('so'), pg_temp.v())$$, 'the order is approved');
SELECT lives_ok(
    $$SELECT api.update_sales_order(test_support.id('so'), pg_temp.v(), '{"city": "Aachen"}')$$,
    'then its address changes'
);
SELECT results_eq(
    'SELECT status, city, approved FROM pg_temp.order_row()', $$VALUES ('approved', 'Aachen', TRUE)$$,
    'and it stays approved'
);
SELECT lives_ok(
    $$SELECT api.update_sales_order(test_support.id('so'), pg_temp.v(), shipping_minor => 700, tax_minor => 200)$$,
    'the amounts it has, named again'
);
SELECT is((SELECT status FROM pg_temp.order_row()), 'approved', 'are no change of them');
SELECT lives_ok(
    $$SELECT api.update_sales_order(test_support.id('so'), pg_temp.v(), shipping_minor => 0)$$,
    'then its shipping changes'
);
SELECT results_eq(
    'SELECT status, shipping, total, approved FROM pg_temp.order_row()',
    $$VALUES ('pending', 0::bigint, 4198::bigint, FALSE)$$,
    'which sends it back to pending, to be approved again'
);

-- Reserved: the address still, the amounts no more.
DO $$
BEGIN
    PERFORM api.approve_sales_order(test_support.id('so'), pg_temp.v());
    PERFORM api.reserve_sales_order('r-1', test_support.id('so'), test_support.id('w'));
END
$$;
SELECT lives_ok(
    $$SELECT api.update_sales_order(test_support.id('so'), pg_temp.v(), '{"city": "Trier"}')$$,
    'a reserved order''s address changes'
);
SELECT results_eq(
    'SELECT status, city FROM pg_temp.order_row()', $$VALUES ('processing', 'Trier')$$,
    'and it stays reserved'
);
SELECT throws_ok(
    $$SELECT api.update_sales_order(test_support.id('so'), pg_temp.v(), tax_minor => 300)$$,
    'SD003', 'sales order SO-U is processing: its shipping and tax can be changed while it is pending or approved only',
    'but not its amounts'
);
SELECT lives_ok(
    $$SELECT api.ship_sales_order('s-1', test_support.id('so'), 'DHL', 'T-1')$$, 'it ships'
);
SELECT is(
    (SELECT s.ship_to ->> 'city' FROM logistics.shipment AS s WHERE s.sales_order_id = test_support.id('so')),
    'Trier',
    'to the address it had last'
);
SELECT throws_ok(
    $$SELECT api.update_sales_order(test_support.id('so'), pg_temp.v(), '{"city": "Mainz"}')$$,
    'SD003', 'sales order SO-U is shipped: it can be changed until it ships only',
    'a shipped order changes no more'
);
SELECT ok(test_support.books_agree(), 'balances equal the ledger');

DO $$
BEGIN
    PERFORM test_support.remember('logistics', api.create_user('logistics@example.com', 'logistics'));
    PERFORM api.set_context(test_support.default_tenant(), test_support.id('logistics'));
END
$$;
SELECT throws_ok(
    $$SELECT api.update_sales_order(test_support.id('so'), pg_temp.v(), '{"city": "Mainz"}')$$,
    '42501', NULL, 'a role without the permission is refused'
);
SELECT set_config('stockdb.tenant_id', '', TRUE);
SELECT throws_ok(
    $$SELECT api.update_sales_order(test_support.id('so'), 1)$$,
    '42501', 'no tenant context', 'without a tenant context it fails with 42501'
);

SELECT * FROM finish();
ROLLBACK;
