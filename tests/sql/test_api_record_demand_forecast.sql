-- api.record_demand_forecast: the forecasts report.reorder_suggestions reads,
-- which no application could write before.
BEGIN;
SELECT plan(24);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    UPDATE catalog.product SET reorder_point = 10, lead_time_days = 10 WHERE id = test_support.id('p');
    PERFORM api.receive_stock('p-in', test_support.id('p'), test_support.id('a1'), 5);
END
$$;

SELECT is_definer('api', 'record_demand_forecast', 'api.record_demand_forecast is SECURITY DEFINER');

DO $$
BEGIN
    PERFORM test_support.remember('f1', api.record_demand_forecast(
        test_support.id('p'), test_support.id('w'), current_date, current_date + 40, 80, 'weekly', 0.8
    ));
END
$$;
SELECT results_eq(
    format(
        $$SELECT product_id, warehouse_id, period_end - period_start, forecast_quantity, model_name, confidence
          FROM planning.demand_forecast WHERE id = %L$$,
        test_support.id('f1')
    ),
    format(
        $$VALUES (%L::uuid, %L::uuid, 40, 80.000::numeric(14, 3), 'weekly', 0.800::numeric(4, 3))$$,
        test_support.id('p'), test_support.id('w')
    ),
    'record_demand_forecast records the forecast'
);
DO $$ BEGIN PERFORM test_support.open_to_app(); END $$;
SET LOCAL ROLE stockdb_app;
SELECT results_eq(
    $$SELECT sku, warehouse_code, period_end - period_start, forecast_quantity, model_name
      FROM report.demand_forecasts WHERE forecast_id = test_support.id('f1')$$,
    $$VALUES ('P', 'W', 40, 80.000::numeric(14, 3), 'weekly')$$,
    'an application reads the forecast back by the id it got, as stockdb_app (report.demand_forecasts)'
);
RESET ROLE;
SELECT results_eq(
    $$SELECT demand_source, lead_time_demand FROM report.reorder_suggestions WHERE sku = 'P'$$,
    $$VALUES ('forecast', 20.000::numeric)$$,
    'reorder suggestions read it: 80 over 40 days, 20 of them within the lead time'
);
SELECT is(
    api.record_demand_forecast(test_support.id('p'), test_support.id('w'), current_date, current_date + 40, 80.0, 'weekly', 0.80),
    test_support.id('f1'),
    'the same forecast sent again returns the recorded one'
);
SELECT is((SELECT count(*) FROM planning.demand_forecast), 1::bigint, 'and records no second');

-- The model publishes again: its new forecast replaces the one it overlaps.
DO $$
BEGIN
    PERFORM test_support.remember('f2', api.record_demand_forecast(
        test_support.id('p'), test_support.id('w'), current_date + 20, current_date + 60, 40, 'weekly'
    ));
END
$$;
SELECT results_eq(
    $$SELECT period_end - period_start, forecast_quantity, confidence FROM planning.demand_forecast$$,
    $$VALUES (40, 40.000::numeric(14, 3), NULL::numeric(4, 3))$$,
    'a new forecast of the same model replaces the one whose period it overlaps'
);
SELECT lives_ok(
    format(
        $$SELECT api.record_demand_forecast(%L, %L, current_date, current_date + 20, 5)$$,
        test_support.id('p'), test_support.id('w')
    ),
    'another model''s forecast of the same period stands beside it'
);
SELECT is(
    (SELECT count(*) FROM planning.demand_forecast WHERE model_name IN ('weekly', 'manual')),
    2::bigint,
    'so there are two, one per model'
);

SELECT throws_ok(
    format(
        $$SELECT api.record_demand_forecast(%L, %L, current_date, current_date, 5)$$,
        test_support.id('p'), test_support.id('w')
    ),
    '22023', 'the period must end after it starts', 'an empty period fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.record_demand_forecast(%L, %L, current_date, 'infinity', 5)$$,
        test_support.id('p'), test_support.id('w')
    ),
    '22023', 'the period must end after it starts', 'an endless period fails with 22023'
);
-- A NULL date made the period test NULL: the row reached the table's NOT NULL (bare 23502).
SELECT throws_ok(
    format(
        $$SELECT api.record_demand_forecast(%L, %L, NULL, current_date + 30, 5)$$,
        test_support.id('p'), test_support.id('w')
    ),
    '22023', 'the period must end after it starts', 'a period without a start fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.record_demand_forecast(%L, %L, current_date, NULL, 5)$$,
        test_support.id('p'), test_support.id('w')
    ),
    '22023', 'the period must end after it starts', 'a period without an end fails with 22023'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.record_demand_forecast(%L, %L, NULL, '2027-02-01', 5)$$, test_support.id('p'), test_support.id('w')
    )),
    'period_start => NULL, period_end => 2027-02-01.',
    'its DETAIL shows the NULL'
);
SELECT throws_ok(
    format(
        $$SELECT api.record_demand_forecast(%L, %L, current_date, current_date + 7, -1)$$,
        test_support.id('p'), test_support.id('w')
    ),
    '22023', 'forecast_quantity must be zero or more, below 100000000000', 'a negative quantity fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.record_demand_forecast(%L, %L, current_date, current_date + 7, 'NaN')$$,
        test_support.id('p'), test_support.id('w')
    ),
    '22023', 'forecast_quantity must be a number', 'a quantity of NaN fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.record_demand_forecast(%L, %L, current_date, current_date + 7, 1, 'two words')$$,
        test_support.id('p'), test_support.id('w')
    ),
    '22023', NULL, 'a model_name with a space fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.record_demand_forecast(%L, %L, current_date, current_date + 7, 1, confidence => 1.5)$$,
        test_support.id('p'), test_support.id('w')
    ),
    '22023', 'confidence must be between 0 and 1', 'a confidence above 1 fails with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.record_demand_forecast('00000000-0000-7000-8000-00000000dead', %L, current_date, current_date + 7, 1)$$,
        test_support.id('w')
    ),
    'SD404', NULL, 'an unknown product fails with SD404'
);
SELECT throws_ok(
    format(
        $$SELECT api.record_demand_forecast(%L, '00000000-0000-7000-8000-00000000dead', current_date, current_date + 7, 1)$$,
        test_support.id('p')
    ),
    'SD404', NULL, 'an unknown warehouse fails with SD404'
);

-- The hint said to reactivate the product "before moving its stock".
UPDATE catalog.product SET active = FALSE WHERE id = test_support.id('p');
SELECT throws_ok(
    format(
        $$SELECT api.record_demand_forecast(%L, %L, current_date, current_date + 7, 1)$$,
        test_support.id('p'), test_support.id('w')
    ),
    '22023', format('product P (%s) is inactive', test_support.id('p')), 'an inactive product fails with 22023'
);
SELECT is(
    test_support.error_hint(format(
        $$SELECT api.record_demand_forecast(%L, %L, current_date, current_date + 7, 1)$$,
        test_support.id('p'), test_support.id('w')
    )),
    'Reactivate it first (api.update_product with active => true).',
    'its hint names the call that reactivates it, not a stock movement'
);
UPDATE catalog.product SET active = TRUE WHERE id = test_support.id('p');
UPDATE warehouse.warehouse SET active = FALSE WHERE id = test_support.id('w');
SELECT throws_ok(
    format(
        $$SELECT api.record_demand_forecast(%L, %L, current_date, current_date + 7, 1)$$,
        test_support.id('p'), test_support.id('w')
    ),
    '22023', 'warehouse W is inactive', 'an inactive warehouse fails with 22023'
);
SELECT is(
    test_support.error_hint(format(
        $$SELECT api.record_demand_forecast(%L, %L, current_date, current_date + 7, 1)$$,
        test_support.id('p'), test_support.id('w')
    )),
    'Reactivate it first (api.update_warehouse with active => true).',
    'and an inactive warehouse''s names the call that reactivates it'
);

SELECT * FROM finish();
ROLLBACK;
