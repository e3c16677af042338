-- api.add_sales_order_item, api.update_sales_order_item and
-- api.remove_sales_order_item: a customer changes an order before it is
-- reserved. Before them the order had to be cancelled and taken again.
BEGIN;
SELECT plan(46);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 20, 'LOT', '2031-01-01');
    PERFORM test_support.remember('so', api.create_sales_order(
        'so-1', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 2)),
        shipping_minor => 500, number => 'SO-L'
    ));
    PERFORM test_support.remember('line-p', (
        SELECT id FROM sales.sales_order_item WHERE sales_order_id = test_support.id('so')
    ));
    PERFORM test_support.remember('done', api.create_sales_order(
        'so-2', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1)),
        number => 'SO-R'
    ));
    PERFORM test_support.remember('done-line', (
        SELECT id FROM sales.sales_order_item WHERE sales_order_id = test_support.id('done')
    ));
    PERFORM api.approve_sales_order(test_support.id('done'), test_support.version_of('sales.sales_order', test_support.id('done')));
    PERFORM api.reserve_sales_order('r-2', test_support.id('done'), test_support.id('w'));
END
$$;
CREATE FUNCTION pg_temp.v(order_key text) RETURNS integer LANGUAGE sql AS $$
    SELECT test_support.version_of('sales.sales_order', test_support.id(order_key))
$$;
CREATE FUNCTION pg_temp.totals() RETURNS TABLE (subtotal bigint, total bigint) LANGUAGE sql AS $$
    SELECT subtotal_minor, total_minor FROM sales.sales_order WHERE id = test_support.id('so')
$$;

-- add_sales_order_item
CREATE TEMP TABLE before_add AS SELECT pg_temp.v('so') AS version;
SELECT lives_ok(
    $$SELECT test_support.remember('line-k', api.add_sales_order_item(
          test_support.id('so'), pg_temp.v('so'), test_support.id('k'), 1.5, unit_price_minor => 400
      ))$$,
    'add_sales_order_item adds a line to a pending order'
);
SELECT results_eq(
    $$SELECT sku, quantity, unit_price_minor, line_total_minor FROM report.sales_order_lines
      WHERE number = 'SO-L' ORDER BY sku$$,
    $$VALUES ('K', 1.5::numeric, 400::bigint, 600::bigint), ('P', 2::numeric, 1999::bigint, 3998::bigint)$$,
    'the order has the new line beside the old'
);
SELECT results_eq('SELECT * FROM pg_temp.totals()', $$VALUES (4598::bigint, 5098::bigint)$$, 'and its totals follow');
SELECT cmp_ok(pg_temp.v('so'), '>', (SELECT version FROM before_add), 'and its version moved on');
SELECT lives_ok(
    $$SELECT test_support.remember('line-p2', api.add_sales_order_item(
          test_support.id('so'), pg_temp.v('so'), test_support.id('p'), 1
      ))$$,
    'a line without a price'
);
SELECT is(
    (SELECT unit_price_minor FROM sales.sales_order_item WHERE id = test_support.id('line-p2')), 1999::bigint,
    'takes the product''s list price, as create_sales_order does'
);
SELECT throws_ok(
    $$SELECT api.add_sales_order_item(test_support.id('so'), pg_temp.v('so'), test_support.id('k'), 1)$$,
    '22023', 'the line has no price', 'a product with no list price needs unit_price_minor'
);
SELECT throws_ok(
    $$SELECT api.add_sales_order_item(test_support.id('so'), pg_temp.v('so'), test_support.id('p'), 1, -1)$$,
    '22023', 'the line unit_price_minor must be zero or more', 'a price is zero or more'
);
SELECT throws_ok(
    $$SELECT api.add_sales_order_item(test_support.id('so'), pg_temp.v('so'), test_support.id('p'), 1.5)$$,
    '22023', 'quantity has more decimals than unit ea allows', 'a quantity is held to the product''s unit'
);
SELECT throws_ok(
    $$SELECT api.add_sales_order_item(test_support.id('so'), pg_temp.v('so'), test_support.id('p'), 0)$$,
    '22023', 'quantity must be positive', 'and is positive'
);
SELECT throws_ok(
    $$SELECT api.add_sales_order_item(
          test_support.id('so'), pg_temp.v('so'), test_support.id('p'), 99999999999, 9223372036854775807
      )$$,
    '22023', 'the line total is too large', 'a line total must fit'
);
SELECT throws_ok(
    $$SELECT api.add_sales_order_item(test_support.id('so'), 1, test_support.id('p'), 1)$$,
    'SD004', NULL, 'a stale version is SD004'
);
SELECT throws_ok(
    $$SELECT api.add_sales_order_item(test_support.id('so'), NULL, test_support.id('p'), 1)$$,
    '22023', 'version must not be null', 'no version is 22023'
);
SELECT throws_ok(
    $$SELECT api.add_sales_order_item(gen_random_uuid(), 1, test_support.id('p'), 1)$$,
    'SD404', NULL, 'an unknown order is SD404'
);
SELECT throws_ok(
    $$SELECT api.add_sales_order_item(test_support.id('so'), pg_temp.v('so'), gen_random_uuid(), 1)$$,
    'SD404', NULL, 'an unknown product is SD404'
);
SELECT throws_ok(
    $$SELECT api.add_sales_order_item(test_support.id('done'), pg_temp.v('done'), test_support.id('p'), 1)$$,
    'SD003', 'sales order SO-R is processing: lines can be added while it is pending or approved only',
    'a reserved order''s lines stay as reserved'
);

-- update_sales_order_item
SELECT cmp_ok(
    api.update_sales_order_item(test_support.id('line-p'), pg_temp.v('so'), quantity => 5),
    '=', pg_temp.v('so'),
    'update_sales_order_item returns the order''s new version'
);
SELECT results_eq(
    $$SELECT quantity, unit_price_minor, line_total_minor FROM sales.sales_order_item WHERE id = test_support.id('line-p')$$,
    $$VALUES (5::numeric, 1999::bigint, 9995::bigint)$$,
    'the line has its new quantity and the price it had'
);
SELECT results_eq('SELECT * FROM pg_temp.totals()', $$VALUES (12594::bigint, 13094::bigint)$$, 'and the totals follow');
SELECT lives_ok(
    $$SELECT api.update_sales_order_item(test_support.id('line-p'), pg_temp.v('so'), unit_price_minor => 1800)$$,
    'the price alone can change'
);
SELECT results_eq('SELECT * FROM pg_temp.totals()', $$VALUES (11599::bigint, 12099::bigint)$$, 'and the totals follow again');
SELECT throws_ok(
    $$SELECT api.update_sales_order_item(test_support.id('line-p'), 1, quantity => 4)$$,
    'SD004', NULL, 'a stale version is SD004'
);
SELECT throws_ok(
    $$SELECT api.update_sales_order_item(gen_random_uuid(), 1, quantity => 4)$$,
    'SD404', NULL, 'an unknown line is SD404'
);
SELECT throws_ok(
    $$SELECT api.update_sales_order_item(test_support.id('line-k'), pg_temp.v('so'), quantity => -2)$$,
    '22023', 'quantity must be positive', 'a new quantity is positive'
);
SELECT throws_ok(
    $$SELECT api.update_sales_order_item(test_support.id('done-line'), pg_temp.v('done'), quantity => 2)$$,
    'SD003', 'sales order SO-R is processing: lines can be changed while it is pending or approved only',
    'nor is a reserved order''s line changed'
);

-- remove_sales_order_item
SELECT throws_ok(
    $$SELECT api.remove_sales_order_item(test_support.id('line-p2'), 1)$$,
    'SD004', NULL, 'a removal at a stale version is SD004'
);
SELECT lives_ok(
    $$SELECT api.remove_sales_order_item(test_support.id('line-p2'), pg_temp.v('so'))$$,
    'remove_sales_order_item takes a line off'
);
SELECT results_eq('SELECT * FROM pg_temp.totals()', $$VALUES (9600::bigint, 10100::bigint)$$, 'and the totals drop by its total');
SELECT throws_ok(
    $$SELECT api.remove_sales_order_item(test_support.id('line-p2'), pg_temp.v('so'))$$,
    'SD404', NULL, 'a removed line is not found'
);
SELECT lives_ok(
    $$SELECT api.remove_sales_order_item(test_support.id('line-k'), pg_temp.v('so'))$$,
    'the second to last line goes too'
);
SELECT throws_ok(
    $$SELECT api.remove_sales_order_item(test_support.id('line-p'), pg_temp.v('so'))$$,
    '22023', 'sales order SO-L would have no lines', 'but not the last one'
);
SELECT throws_ok(
    $$SELECT api.remove_sales_order_item(test_support.id('done-line'), pg_temp.v('done'))$$,
    'SD003', 'sales order SO-R is processing: lines can be removed while it is pending or approved only',
    'nor is a reserved order''s line removed'
);

-- An approved order that changes goes back for approval.
SELECT lives_ok(
    $$SELECT api.approve_sales_order(test_support.id('so'), pg_temp.v('so'))$$, 'the order is approved'
);
SELECT lives_ok(
    $$SELECT api.update_sales_order_item(test_support.id('line-p'), pg_temp.v('so'), quantity => 6)$$,
    'then its line changes'
);
SELECT results_eq(
    $$SELECT status::text, approved_at FROM sales.sales_order WHERE id = test_support.id('so')$$,
    $$VALUES ('pending', NULL::timestamptz)$$,
    'which sends it back to pending'
);
SELECT throws_ok(
    $$SELECT api.reserve_sales_order('r-1', test_support.id('so'), test_support.id('w'))$$,
    'SD003', NULL, 'so it cannot be reserved before it is approved again'
);
SELECT lives_ok(
    $$SELECT api.approve_sales_order(test_support.id('so'), pg_temp.v('so'))$$, 'approved again'
);
CREATE TEMP TABLE approved AS SELECT pg_temp.v('so') AS version;
SELECT is(
    api.update_sales_order_item(test_support.id('line-p'), pg_temp.v('so'), quantity => 6),
    (SELECT version FROM approved),
    'its line named again as it is changes nothing and returns the version as it was'
);
SELECT is(
    (SELECT status::text FROM sales.sales_order WHERE id = test_support.id('so')), 'approved',
    'so the order stays approved (it went back to pending before)'
);
SELECT throws_ok(
    $$SELECT api.update_sales_order_item(test_support.id('line-p'), pg_temp.v('so') - 1, quantity => 6)$$,
    'SD004', NULL, 'the same values at a stale version are still SD004'
);
SELECT throws_ok(
    $$SELECT api.update_sales_order_item(test_support.id('done-line'), pg_temp.v('done'))$$,
    'SD003', 'sales order SO-R is processing: lines can be changed while it is pending or approved only',
    'and a reserved order''s line, even unchanged, SD003'
);
SELECT lives_ok(
    $$SELECT api.reserve_sales_order('r-1', test_support.id('so'), test_support.id('w'))$$, 'it is reserved'
);
SELECT is(
    (SELECT sum(quantity) FROM report.reservations WHERE status = 'active' AND sales_order_id = test_support.id('so')),
    6::numeric,
    'for the quantity its line has now'
);
SELECT ok(test_support.books_agree(), 'balances equal the ledger');

-- Who may change an order.
DO $$
BEGIN
    PERFORM test_support.remember('logistics', api.create_user('logistics@example.com', 'logistics'));
    PERFORM api.set_context(test_support.default_tenant(), test_support.id('logistics'));
END
$$;
SELECT throws_ok(
    $$SELECT api.add_sales_order_item(test_support.id('so'), pg_temp.v('so'), test_support.id('p'), 1)$$,
    '42501', NULL, 'a role without the permission is refused'
);
SELECT set_config('stockdb.tenant_id', '', TRUE);
SELECT throws_ok(
    $$SELECT api.remove_sales_order_item(test_support.id('line-p'), 1)$$,
    '42501', 'no tenant context', 'without a tenant context it fails with 42501'
);

SELECT * FROM finish();
ROLLBACK;
