-- api.split_sales_order: what is in stock ships now, the rest waits on a
-- backorder. Before it a short line meant cancelling the whole order, or
-- editing it and taking a second order by hand.
BEGIN;
SELECT plan(28);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 5, 'LOT', '2031-01-01');
    PERFORM test_support.remember('so', api.create_sales_order(
        'so-1', test_support.id('cust'),
        jsonb_build_array(
            jsonb_build_object('product_id', test_support.id('p'), 'quantity', 8),
            jsonb_build_object('product_id', test_support.id('k'), 'quantity', 2.5, 'unit_price_minor', 400)
        ),
        shipping_minor => 500, number => 'SO-S'
    ));
    PERFORM test_support.remember('line-p', (
        SELECT id FROM sales.sales_order_item WHERE sales_order_id = test_support.id('so') AND product_id = test_support.id('p')
    ));
    PERFORM test_support.remember('line-k', (
        SELECT id FROM sales.sales_order_item WHERE sales_order_id = test_support.id('so') AND product_id = test_support.id('k')
    ));
    PERFORM api.approve_sales_order(test_support.id('so'), test_support.version_of('sales.sales_order', test_support.id('so')));
END
$$;
CREATE FUNCTION pg_temp.v(order_key text) RETURNS integer LANGUAGE sql AS $$
    SELECT test_support.version_of('sales.sales_order', test_support.id(order_key))
$$;
SELECT throws_ok(
    $$SELECT api.reserve_sales_order('r-0', test_support.id('so'), test_support.id('w'))$$,
    'SD001', NULL, 'the order asks for 8 of P where there are 5'
);

CREATE TEMP TABLE split_call AS SELECT
    pg_temp.v('so') AS version,
    jsonb_build_array(
        jsonb_build_object('item_id', test_support.id('line-p'), 'quantity', 3),
        jsonb_build_object('item_id', test_support.id('line-k'))
    ) AS lines;
SELECT lives_ok(
    $$SELECT test_support.remember('back', api.split_sales_order(
          'sp-1', test_support.id('so'), version, lines, number => 'SO-S-B1'
      )) FROM split_call$$,
    'split_sales_order moves 3 of P and all of K to a backorder'
);
SELECT results_eq(
    $$SELECT number, status::text, split_from_id, currency::text, subtotal_minor, shipping_minor, total_minor,
             approved_at IS NOT NULL
      FROM sales.sales_order WHERE id IN (test_support.id('so'), test_support.id('back')) ORDER BY number$$,
    $$VALUES ('SO-S', 'approved', NULL::uuid, 'EUR', 9995::bigint, 500::bigint, 10495::bigint, TRUE),
             ('SO-S-B1', 'approved', test_support.id('so'), 'EUR', 6997::bigint, 0::bigint, 6997::bigint, TRUE)$$,
    'both orders stay approved, shipping stays on the original, and the backorder names it'
);
SELECT results_eq(
    $$SELECT number, sku, quantity, unit_price_minor FROM report.sales_order_lines
      WHERE sales_order_id IN (test_support.id('so'), test_support.id('back')) ORDER BY number, sku$$,
    $$VALUES ('SO-S', 'P', 5::numeric, 1999::bigint), ('SO-S-B1', 'K', 2.5::numeric, 400::bigint),
             ('SO-S-B1', 'P', 3::numeric, 1999::bigint)$$,
    'the lines are split at their prices'
);
SELECT is(
    (SELECT split_from_id FROM report.sales_order_fulfilment WHERE number = 'SO-S-B1'), test_support.id('so'),
    'report.sales_order_fulfilment says where a backorder came from'
);
SELECT is(
    (SELECT api.split_sales_order('sp-1', test_support.id('so'), version, lines, number => 'SO-S-B1') FROM split_call),
    test_support.id('back'),
    'a retry with the same key and arguments returns the backorder'
);
SELECT is((SELECT count(*) FROM sales.sales_order), 2::bigint, 'and makes no other');
SELECT lives_ok(
    $$SELECT api.reserve_sales_order('r-1', test_support.id('so'), test_support.id('w'))$$,
    'what is in stock is reserved'
);
SELECT lives_ok(
    $$SELECT api.ship_sales_order('s-1', test_support.id('so'), 'DHL', 'T-1')$$, 'and ships'
);
SELECT ok(test_support.books_agree(), 'balances equal the ledger');

-- Errors change nothing.
CREATE TEMP TABLE before_errors AS
SELECT
    count(*) AS orders,
    (SELECT sum(soi.quantity) FROM sales.sales_order_item AS soi) AS quantity
FROM sales.sales_order;
SELECT throws_ok(
    $$SELECT api.split_sales_order('sp-2', test_support.id('back'), pg_temp.v('back'), '[]')$$,
    '22023', 'lines must name each line to move once: {"item_id": ..., "quantity": ...}', 'no lines is 22023'
);
SELECT is(
    test_support.error_detail($$SELECT api.split_sales_order('sp-2', test_support.id('back'), pg_temp.v('back'), '[1]')$$),
    'line 1: 1',
    'a line that is not an object is named'
);
SELECT is(
    test_support.error_detail($$SELECT api.split_sales_order('sp-2', test_support.id('back'), pg_temp.v('back'),
        jsonb_build_array(jsonb_build_object('item_id', test_support.id('line-k'), 'qty', 1)))$$),
    format('line 1: {"qty": 1, "item_id": "%s"}', test_support.id('line-k')),
    'an unknown key is named'
);
SELECT is(
    test_support.error_detail($$SELECT api.split_sales_order('sp-2', test_support.id('back'), pg_temp.v('back'),
        jsonb_build_array(jsonb_build_object('item_id', test_support.id('line-k')),
                          jsonb_build_object('item_id', test_support.id('line-k'), 'quantity', 1)))$$),
    format('item %s is named twice', test_support.id('line-k')),
    'a line named twice is 22023'
);
SELECT throws_ok(
    $$SELECT api.split_sales_order('sp-3', test_support.id('back'), pg_temp.v('back'),
          jsonb_build_array(jsonb_build_object('item_id', test_support.id('line-p'))))$$,
    'SD404', 'sales order SO-S-B1 has no line ' || test_support.id('line-p'), 'a line of another order is SD404'
);
SELECT throws_ok(
    $$SELECT api.split_sales_order('sp-4', test_support.id('back'), pg_temp.v('back'),
          jsonb_build_array(jsonb_build_object('item_id', test_support.id('line-k'), 'quantity', 3)))$$,
    '22023', 'sales order line ' || test_support.id('line-k') || ' has 2.5 to move, not 3',
    'more than a line has is 22023'
);
SELECT throws_ok(
    $$SELECT api.split_sales_order('sp-5', test_support.id('back'), pg_temp.v('back'),
          jsonb_build_array(jsonb_build_object('item_id', test_support.id('line-k'), 'quantity', 0)))$$,
    '22023', 'quantity must be positive', 'a quantity is positive'
);
SELECT throws_ok(
    $$SELECT api.split_sales_order('sp-6', test_support.id('back'), pg_temp.v('back'),
          (SELECT jsonb_agg(jsonb_build_object('item_id', id)) FROM sales.sales_order_item
           WHERE sales_order_id = test_support.id('back')))$$,
    '22023', 'the split would leave sales order SO-S-B1 without lines', 'every line moved is 22023'
);
SELECT throws_ok(
    $$SELECT api.split_sales_order('sp-7', test_support.id('so'), pg_temp.v('so'),
          (SELECT jsonb_agg(jsonb_build_object('item_id', id)) FROM sales.sales_order_item
           WHERE sales_order_id = test_support.id('so')))$$,
    'SD003', 'sales order SO-S is shipped: it can be split while it is pending or approved only',
    'a shipped order is not split'
);
SELECT throws_ok(
    $$SELECT api.split_sales_order('sp-8', test_support.id('back'), 1,
          jsonb_build_array(jsonb_build_object('item_id', test_support.id('line-k'), 'quantity', 1)))$$,
    'SD004', NULL, 'a stale version is SD004'
);
SELECT throws_ok(
    $$SELECT api.split_sales_order('sp-9', test_support.id('back'), NULL,
          jsonb_build_array(jsonb_build_object('item_id', test_support.id('line-k'), 'quantity', 1)))$$,
    '22023', 'version must not be null', 'no version is 22023'
);
SELECT throws_ok(
    $$SELECT api.split_sales_order('sp-10', gen_random_uuid(), 1,
          jsonb_build_array(jsonb_build_object('item_id', test_support.id('line-k'), 'quantity', 1)))$$,
    'SD404', NULL, 'an unknown order is SD404'
);
SELECT throws_ok(
    $$SELECT api.split_sales_order('sp-11', test_support.id('back'), pg_temp.v('back'),
          jsonb_build_array(jsonb_build_object('item_id', test_support.id('line-k'), 'quantity', 1)), 'SO-S')$$,
    '23505', NULL, 'a number another order has is 23505'
);
SELECT throws_ok(
    $$SELECT api.split_sales_order('sp-1', test_support.id('back'), pg_temp.v('back'),
          jsonb_build_array(jsonb_build_object('item_id', test_support.id('line-k'), 'quantity', 1)))$$,
    'SD002', NULL, 'a key used for another split is SD002'
);
SELECT results_eq(
    $$SELECT count(*), (SELECT sum(soi.quantity) FROM sales.sales_order_item AS soi) FROM sales.sales_order$$,
    'SELECT orders, quantity FROM before_errors',
    'the refused calls changed nothing'
);

-- A product taken out of the range after it was sold: its line still splits,
-- in part as well as whole (a part was refused, 22023 'product K is inactive').
UPDATE catalog.product SET active = FALSE WHERE id = test_support.id('k');
SELECT lives_ok(
    $$SELECT test_support.remember('back-k', api.split_sales_order('sp-13', test_support.id('back'), pg_temp.v('back'),
          jsonb_build_array(jsonb_build_object('item_id', test_support.id('line-k'), 'quantity', 1))))$$,
    'part of an inactive product''s line moves to a backorder'
);
SELECT results_eq(
    $$SELECT number, quantity FROM report.sales_order_lines
      WHERE sales_order_id IN (test_support.id('back'), test_support.id('back-k')) AND sku = 'K' ORDER BY quantity$$,
    $$SELECT * FROM (VALUES (
        (SELECT number FROM sales.sales_order WHERE id = test_support.id('back-k')), 1::numeric
    ), ('SO-S-B1', 1.5::numeric)) AS t (number, quantity)$$,
    'the rest stays on the line'
);

SELECT set_config('stockdb.tenant_id', '', TRUE);
SELECT throws_ok(
    $$SELECT api.split_sales_order('sp-12', test_support.id('back'), 1, '[]')$$,
    '42501', 'no tenant context', 'without a tenant context it fails with 42501'
);

SELECT * FROM finish();
ROLLBACK;
