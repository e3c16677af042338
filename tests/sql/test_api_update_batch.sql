-- api.update_batch: a lot's dates, corrected. Before, the first receipt fixed
-- them for good: a later receipt with the label's dates was refused.
BEGIN;
SELECT plan(12);

DO $$
BEGIN
    PERFORM test_support.stock_world();
    -- Misread: 2062 for 2026-12-20; and a second lot expiring later than it should.
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 5, 'LOT-1', '2062-12-20', '2026-01-10');
    PERFORM api.receive_stock('in-2', test_support.id('p'), test_support.id('a1'), 5, 'LOT-2', '2031-01-01');
END
$$;

SELECT is_definer('api', 'update_batch', 'api.update_batch is SECURITY DEFINER');
SELECT throws_ok(
    format($$SELECT api.receive_stock('in-3', %L, %L, 1, 'LOT-1', '2030-12-20')$$, test_support.id('p'), test_support.id('a1')),
    '22023', 'batch LOT-1 of P has other dates', 'a receipt with the label''s true date is refused while the lot has the misread one'
);
SELECT is(
    api.update_batch(test_support.batch('LOT-1'), 1, expiry_date => '2030-12-20'), 2,
    'update_batch corrects the expiry date and returns the new version'
);
SELECT results_eq(
    format('SELECT expiry_date, manufacture_date FROM catalog.product_batch WHERE id = %L', test_support.batch('LOT-1')),
    $$VALUES ('2030-12-20'::date, '2026-01-10'::date)$$,
    'the date not given stays'
);
SELECT lives_ok(
    format($$SELECT api.receive_stock('in-3', %L, %L, 1, 'LOT-1', '2030-12-20')$$, test_support.id('p'), test_support.id('a1')),
    'a receipt with the corrected date is taken'
);
DO $$
BEGIN
    PERFORM test_support.remember('r1', api.reserve_stock('r-1', test_support.id('p'), test_support.id('w'), 1));
END
$$;
SELECT results_eq(
    format(
        $$SELECT b.batch_number FROM inventory.reservation_line AS rl
          JOIN catalog.product_batch AS b ON b.id = rl.batch_id
          WHERE rl.reservation_id = %L$$,
        test_support.id('r1')
    ),
    $$VALUES ('LOT-1')$$,
    'allocation follows the corrected date: LOT-1 now expires first'
);
SELECT throws_ok(
    format($$SELECT api.update_batch(%L, 1, expiry_date => '2030-12-21')$$, test_support.batch('LOT-1')),
    'SD004', format('batch %s was changed by someone else', test_support.batch('LOT-1')),
    'a correction at a stale version fails with SD004'
);
SELECT throws_ok(
    format($$SELECT api.update_batch(%L, 2, manufacture_date => '2031-01-01')$$, test_support.batch('LOT-1')),
    '22023', 'a batch cannot expire before it was made', 'a lot made after it expires fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.update_batch(%L, 2, expiry_date => 'infinity')$$, test_support.batch('LOT-1')),
    '22023', 'expiry_date and manufacture_date must be calendar dates', 'an infinite date fails with 22023'
);
SELECT throws_ok(
    format($$SELECT api.update_batch(%L, NULL, expiry_date => '2030-12-21')$$, test_support.batch('LOT-1')),
    '22023', 'version must not be null', 'a correction without a version fails with 22023'
);
SELECT throws_ok(
    $$SELECT api.update_batch('00000000-0000-7000-8000-00000000dead', 1)$$,
    'SD404', 'batch 00000000-0000-7000-8000-00000000dead not found', 'an unknown batch fails with SD404'
);
SELECT ok(test_support.books_agree(), 'the books agree');

SELECT * FROM finish();
ROLLBACK;
