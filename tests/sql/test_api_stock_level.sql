-- api.stock_level
BEGIN;
SELECT plan(10);

DO $$
BEGIN
    PERFORM test_support.stock_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 10, 'B1');
    PERFORM api.receive_stock('in-2', test_support.id('p'), test_support.id('s1'), 7, 'B1');
    PERFORM api.reserve_stock('res-1', test_support.id('p'), test_support.id('w'), 4);
END
$$;

SELECT is_definer('api', 'stock_level', 'api.stock_level is SECURITY DEFINER');
SELECT results_eq(
    format('SELECT on_hand, reserved, available FROM api.stock_level(%L)', test_support.id('p')),
    $$VALUES (17::numeric, 4::numeric, 13::numeric)$$,
    'without a warehouse, stock_level sums every warehouse'
);
SELECT results_eq(
    format('SELECT on_hand, reserved, available FROM api.stock_level(%L, %L)', test_support.id('p'), test_support.id('w2')),
    $$VALUES (7::numeric, 0::numeric, 7::numeric)$$,
    'with a warehouse, stock_level sums that warehouse only'
);
SELECT results_eq(
    format('SELECT on_hand, reserved, available FROM api.stock_level(%L)', test_support.id('k')),
    $$VALUES (0::numeric, 0::numeric, 0::numeric)$$,
    'a product never stocked has zero everywhere'
);
SELECT throws_ok(
    $$SELECT * FROM api.stock_level('00000000-0000-7000-8000-00000000dead')$$,
    'SD404',
    'product 00000000-0000-7000-8000-00000000dead not found',
    'an unknown product fails with SD404'
);
SELECT throws_ok(
    format($$SELECT * FROM api.stock_level(%L, '00000000-0000-7000-8000-00000000dead')$$, test_support.id('p')),
    'SD404',
    'warehouse 00000000-0000-7000-8000-00000000dead not found',
    'an unknown warehouse fails with SD404'
);
SELECT throws_ok(
    $$SELECT * FROM api.stock_level(NULL)$$,
    '22023',
    'product_id must not be null',
    'a null product fails with 22023'
);

-- A product taken out of the range may still hold stock: reading it must work,
-- even though moving it needs the product reactivated.
DO $$
BEGIN
    UPDATE catalog.product SET active = false WHERE id = test_support.id('p');
END
$$;
SELECT results_eq(
    format('SELECT on_hand, reserved, available FROM api.stock_level(%L)', test_support.id('p')),
    $$VALUES (17::numeric, 4::numeric, 13::numeric)$$,
    'an inactive product''s stock can still be read'
);
DO $$
BEGIN
    UPDATE warehouse.warehouse SET active = false WHERE id = test_support.id('w2');
END
$$;
SELECT results_eq(
    format('SELECT on_hand, reserved, available FROM api.stock_level(%L, %L)', test_support.id('p'), test_support.id('w2')),
    $$VALUES (7::numeric, 0::numeric, 7::numeric)$$,
    'so can the stock of an inactive warehouse'
);
DO $$
BEGIN
    UPDATE catalog.product SET deleted_at = now() WHERE id = test_support.id('k');
END
$$;
SELECT throws_ok(
    format($$SELECT * FROM api.stock_level(%L)$$, test_support.id('k')),
    'SD404',
    format('product %s not found', test_support.id('k')),
    'a deleted product fails with SD404'
);
SELECT * FROM finish();
ROLLBACK;
