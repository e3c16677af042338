-- planning: demand forecasts never overlap per product, warehouse and model.
BEGIN;
SELECT plan(5);

SELECT has_table('planning', 'demand_forecast', 'planning.demand_forecast exists');

DO $$
BEGIN
    PERFORM test_support.remember('acme', test_support.make_tenant('acme'));
    PERFORM test_support.remember('wh', test_support.make_warehouse(test_support.id('acme'), 'MAIN'));
    PERFORM test_support.remember('p', test_support.make_product(test_support.id('acme'), 'P-1'));
END
$$;

INSERT INTO planning.demand_forecast (tenant_id, product_id, warehouse_id, period_start, period_end, forecast_quantity)
VALUES (test_support.id('acme'), test_support.id('p'), test_support.id('wh'), '2026-12-01', '2027-01-01', 120);

SELECT throws_ok(
    format(
        $$INSERT INTO planning.demand_forecast
          (tenant_id, product_id, warehouse_id, period_start, period_end, forecast_quantity)
          VALUES (%L, %L, %L, '2026-12-15', '2027-01-15', 10)$$,
        test_support.id('acme'), test_support.id('p'), test_support.id('wh')
    ),
    '23P01',
    'conflicting key value violates exclusion constraint "demand_forecast_no_overlap"',
    'two forecasts of one model cannot overlap for a product and warehouse'
);
SELECT lives_ok(
    format(
        $$INSERT INTO planning.demand_forecast
          (tenant_id, product_id, warehouse_id, period_start, period_end, forecast_quantity)
          VALUES (%L, %L, %L, '2027-01-01', '2027-02-01', 10)$$,
        test_support.id('acme'), test_support.id('p'), test_support.id('wh')
    ),
    'the next period may start where the last one ended'
);
SELECT lives_ok(
    format(
        $$INSERT INTO planning.demand_forecast
          (tenant_id, product_id, warehouse_id, period_start, period_end, forecast_quantity, model_name)
          VALUES (%L, %L, %L, '2026-12-15', '2027-01-15', 10, 'holt_winters')$$,
        test_support.id('acme'), test_support.id('p'), test_support.id('wh')
    ),
    'another model may forecast the same period'
);
SELECT throws_ok(
    format(
        $$INSERT INTO planning.demand_forecast
          (tenant_id, product_id, warehouse_id, period_start, period_end, forecast_quantity)
          VALUES (%L, %L, %L, '2027-03-01', '2027-03-01', 10)$$,
        test_support.id('acme'), test_support.id('p'), test_support.id('wh')
    ),
    '23514',
    'new row for relation "demand_forecast" violates check constraint "demand_forecast_period_check"',
    'a period ends after it starts'
);

SELECT * FROM finish();
ROLLBACK;
