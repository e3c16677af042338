-- Stock levels, capacities and forecasts are kept with 3 decimals
-- (numeric(14,3), a confidence numeric(4,3)). A fourth was rounded away as
-- the column took the value: a reorder point of 0.0004 was stored as 0 (not
-- set), a capacity of 0.0004 failed the table's CHECK with a bare 23514, and
-- a forecast sent again no longer matched the one recorded, so it was
-- recorded anew. Now each is 22023 naming the argument, as the import
-- refuses such a cell; 3 decimals, trailing zeros included, still pass.
BEGIN;
SELECT plan(16);

DO $$
BEGIN
    PERFORM test_support.trading_world();
END
$$;

SELECT throws_ok(
    format($$SELECT api.create_location(%L, 'TINY', capacity => 0.0004)$$, test_support.id('w')),
    '22023', 'capacity has more than 3 decimal places',
    'a capacity with a fourth decimal fails with 22023, not the CHECK''s bare 23514'
);
SELECT is(
    test_support.error_detail(
        format($$SELECT api.create_location(%L, 'TINY', capacity => 0.0004)$$, test_support.id('w'))
    ),
    'capacity => 0.0004.',
    'its DETAIL gives the value as it was passed'
);
SELECT is(
    test_support.error_hint(
        format($$SELECT api.create_location(%L, 'TINY', capacity => 0.0004)$$, test_support.id('w'))
    ),
    'Round it to 3 decimal places: it is kept with no more.',
    'its HINT says what to do'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_location(%L, version, capacity => 12.3456) FROM warehouse.location WHERE id = %L$$,
        test_support.id('a2'), test_support.id('a2')
    ),
    '22023', 'capacity has more than 3 decimal places', 'update_location refuses it too'
);
SELECT throws_ok(
    $$SELECT api.create_product('DEC-1', 'x', unit => 'kg', reorder_point => 0.0004)$$,
    '22023', 'reorder_point has more than 3 decimal places',
    'a reorder point of 0.0004 fails, where it was stored as 0 (not set)'
);
SELECT throws_ok(
    $$SELECT api.create_product('DEC-1', 'x', unit => 'kg', safety_stock_level => 1.0001)$$,
    '22023', 'safety_stock_level has more than 3 decimal places', 'so does a safety stock level'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, version, min_stock_level => 2.5005) FROM catalog.product WHERE id = %L$$,
        test_support.id('p'), test_support.id('p')
    ),
    '22023', 'min_stock_level has more than 3 decimal places', 'and update_product a minimum level'
);
SELECT throws_ok(
    format(
        $$SELECT api.record_demand_forecast(%L, %L, current_date, current_date + 7, 2.0004)$$,
        test_support.id('p'), test_support.id('w')
    ),
    '22023', 'forecast_quantity has more than 3 decimal places', 'a forecast quantity with a fourth decimal fails'
);
SELECT throws_ok(
    format(
        $$SELECT api.record_demand_forecast(%L, %L, current_date, current_date + 7, 2, confidence => 0.12345)$$,
        test_support.id('p'), test_support.id('w')
    ),
    '22023', 'confidence has more than 3 decimal places', 'so does a confidence'
);
SELECT is(
    (SELECT count(*) FROM planning.demand_forecast),
    0::bigint,
    'the refused forecasts recorded nothing'
);
SELECT is(
    (SELECT count(*) FROM warehouse.location WHERE code = 'TINY'),
    0::bigint,
    'the refused location was not made'
);

-- Three decimals, and zeros past them, are kept as given.
DO $$
BEGIN
    PERFORM test_support.remember('lean', api.create_product('DEC-2', 'x', unit => 'kg', reorder_point => 0.0010));
    PERFORM api.update_location(
        test_support.id('a2'), test_support.version_of('warehouse.location', test_support.id('a2')),
        capacity => 12.345
    );
    PERFORM test_support.remember('f1', api.record_demand_forecast(
        test_support.id('p'), test_support.id('w'), current_date, current_date + 7, 2.001, confidence => 0.125
    ));
END
$$;
SELECT is(
    (SELECT reorder_point FROM catalog.product WHERE id = test_support.id('lean')),
    0.001::numeric,
    'a reorder point of 0.0010 is 0.001'
);
SELECT is(
    (SELECT capacity FROM warehouse.location WHERE id = test_support.id('a2')),
    12.345::numeric,
    'a capacity of 3 decimals is kept'
);
SELECT is(
    api.record_demand_forecast(
        test_support.id('p'), test_support.id('w'), current_date, current_date + 7, 2.0010, confidence => 0.1250
    ),
    test_support.id('f1'),
    'the same forecast sent again, with zeros past its third decimal, returns the recorded one'
);
SELECT is((SELECT count(*) FROM planning.demand_forecast), 1::bigint, 'and records no second');

-- The movements' own size check gives a DETAIL too (it had a HINT only).
SELECT is(
    test_support.error_detail(
        format($$SELECT api.receive_stock('big', %L, %L, 1e15)$$, test_support.id('p'), test_support.id('a1'))
    ),
    'quantity => 1000000000000000 for product ' || (SELECT sku FROM catalog.product WHERE id = test_support.id('p'))
    || '.',
    'a quantity too large names the value and the product in its DETAIL'
);

SELECT * FROM finish();
ROLLBACK;
