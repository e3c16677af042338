-- Dates people give stay within 1900-9999 (0057): PostgreSQL took a batch
-- expiring in 20000, an order expected in 50000 and the like, which no
-- Python client (psycopg, the CLI's reports) can read back. The api says so
-- with 22023 naming the argument; the tables' CHECKs hold the rest.
BEGIN;
SELECT plan(22);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.receive_stock('in-p', test_support.id('p'), test_support.id('a1'), 10);
    PERFORM api.receive_stock('in-l1', test_support.id('p'), test_support.id('a1'), 2, batch_number => 'L1');
    PERFORM test_support.remember('lot', test_support.batch('L1'));
    PERFORM test_support.remember('po', api.create_purchase_order(test_support.id('sup'), 'EUR'));
    PERFORM api.add_purchase_order_item(test_support.id('po'), 1, test_support.id('k'), 3, 100);
    PERFORM test_support.remember('res', api.reserve_stock('res-1', test_support.id('p'), test_support.id('w'), 1));
    PERFORM test_support.remember('so', api.create_sales_order(
        'so-1', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1))
    ));
    PERFORM api.approve_sales_order(
        test_support.id('so'), test_support.version_of('sales.sales_order', test_support.id('so'))
    );
    PERFORM api.reserve_sales_order('so-1-res', test_support.id('so'), test_support.id('w'));
END
$$;

-- The api, argument by argument.
SELECT throws_ok(
    format(
        $$SELECT api.receive_stock('r-1', %L, %L, 1, batch_number => 'X1', expiry_date => '20000-12-31')$$,
        test_support.id('p'), test_support.id('a1')
    ),
    '22023', 'expiry_date is out of range', 'a receipt expiring after 9999 is refused'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.receive_stock('r-1', %L, %L, 1, batch_number => 'X1', expiry_date => '20000-12-31')$$,
        test_support.id('p'), test_support.id('a1')
    )),
    'expiry_date => 20000-12-31; dates run from 1900-01-01 to 9999-12-31.',
    'its DETAIL gives the value and the range'
);
SELECT throws_ok(
    format(
        $$SELECT api.receive_stock('r-2', %L, %L, 1, batch_number => 'X2', manufacture_date => '0044-03-15 BC')$$,
        test_support.id('p'), test_support.id('a1')
    ),
    '22023', 'manufacture_date is out of range', 'a batch made before Christ is refused'
);
SELECT throws_ok(
    format(
        $$SELECT api.receive_stock('r-3', %L, %L, 1, batch_number => 'X3', manufacture_date => '1899-12-31')$$,
        test_support.id('p'), test_support.id('a1')
    ),
    '22023', 'manufacture_date is out of range', 'a batch made before 1900 is refused'
);
SELECT lives_ok(
    format(
        $$SELECT api.receive_stock('r-4', %L, %L, 1, batch_number => 'X4', manufacture_date => '1900-01-01',
                                   expiry_date => '9999-12-31')$$,
        test_support.id('p'), test_support.id('a1')
    ),
    'the first and last days of the range are taken'
);
SELECT throws_ok(
    format($$SELECT api.update_batch(%L, 1, expiry_date => '10000-01-01')$$, test_support.id('lot')),
    '22023', 'expiry_date is out of range', 'api.update_batch refuses an expiry after 9999'
);
SELECT throws_ok(
    format(
        $$SELECT api.record_demand_forecast(%L, %L, '9999-12-01', '10000-01-01', 5)$$,
        test_support.id('p'), test_support.id('w')
    ),
    '22023', 'period_end is out of range', 'a forecast ending after 9999 is refused'
);
SELECT throws_ok(
    format($$SELECT api.create_purchase_order(%L, 'EUR', expected_at => '50000-01-01')$$, test_support.id('sup')),
    '22023', 'expected_at is out of range', 'an order expected in 50000 is refused'
);
SELECT is(
    test_support.error_detail(
        format(
            $$SELECT api.create_purchase_order(%L, 'EUR', expected_at => '50000-01-01 00:00+00')$$,
            test_support.id('sup')
        )
    ),
    format('expected_at => %s; times run from 1900 to 9999.', '50000-01-01 00:00+00'::timestamptz),
    'its DETAIL gives the value and the range'
);
SELECT throws_ok(
    format($$SELECT api.update_purchase_order(%L, 2, expected_at => '10000-01-01 00:00+00')$$, test_support.id('po')),
    '22023', 'expected_at is out of range', 'api.update_purchase_order refuses it'
);
SELECT throws_ok(
    format($$SELECT api.submit_purchase_order(%L, 2, expected_at => '10000-01-01 00:00+00')$$, test_support.id('po')),
    '22023', 'expected_at is out of range', 'api.submit_purchase_order refuses it'
);
SELECT lives_ok(
    format($$SELECT api.update_purchase_order(%L, 2, expected_at => '9999-12-31 00:00-12')$$, test_support.id('po')),
    'the last day of 9999 at midnight twelve hours west of UTC (noon there in UTC) is taken'
);
SELECT throws_ok(
    format(
        $$SELECT api.reserve_stock('res-2', %L, %L, 1, expires_at => '10000-01-01 00:00+00')$$,
        test_support.id('p'), test_support.id('w')
    ),
    '22023', 'expires_at is out of range', 'a reservation expiring after 9999 is refused'
);
SELECT throws_ok(
    format($$SELECT api.update_reservation(%L, 1, expires_at => '10000-01-01 00:00+00')$$, test_support.id('res')),
    '22023', 'expires_at is out of range', 'api.update_reservation refuses it'
);
SELECT throws_ok(
    format(
        $$SELECT api.ship_sales_order('ship-1', %L, 'DHL', 'T1', expected_delivery_at => '10000-01-01 00:00+00')$$,
        test_support.id('so')
    ),
    '22023', 'expected_delivery_at is out of range', 'a delivery promised after 9999 is refused'
);

-- The tables, for what reaches them past the api.
SELECT throws_ok(
    format($$UPDATE catalog.product_batch SET expiry_date = '20000-12-31' WHERE id = %L$$, test_support.id('lot')),
    '23514',
    'new row for relation "product_batch" violates check constraint "product_batch_dates_in_calendar_check"',
    'a batch''s dates stay in the range'
);
SELECT throws_ok(
    format($$UPDATE inventory.reservation SET expires_at = 'infinity' WHERE id = %L$$, test_support.id('res')),
    '23514',
    'new row for relation "reservation" violates check constraint "reservation_expires_at_in_calendar_check"',
    'a reservation''s expiry stays in the range (none is NULL, not infinity)'
);
SELECT throws_ok(
    format($$UPDATE procurement.purchase_order SET expected_at = '50000-01-01' WHERE id = %L$$, test_support.id('po')),
    '23514',
    'new row for relation "purchase_order" violates check constraint "purchase_order_expected_at_in_calendar_check"',
    'an order''s expected time stays in the range'
);
SELECT throws_ok(
    format(
        $$INSERT INTO planning.demand_forecast (tenant_id, product_id, warehouse_id, period_start, period_end,
                                                forecast_quantity)
          VALUES (%L, %L, %L, '1800-01-01', '1800-02-01', 1)$$,
        test_support.default_tenant(), test_support.id('p'), test_support.id('w')
    ),
    '23514',
    'new row for relation "demand_forecast" violates check constraint "demand_forecast_period_in_calendar_check"',
    'a forecast''s period stays in the range'
);
DO $$
BEGIN
    PERFORM api.ship_sales_order('ship-2', test_support.id('so'), 'DHL', 'T2');
END
$$;
SELECT throws_ok(
    $$UPDATE logistics.shipment SET expected_delivery_at = '10000-01-01 00:00+00'$$,
    '23514',
    'new row for relation "shipment" violates check constraint "shipment_expected_delivery_at_in_calendar_check"',
    'a shipment''s promised delivery stays in the range'
);

-- An import's date cell: years 1900 to 9999 only.
SELECT results_eq(
    $$SELECT staging.to_date(v) FROM unnest(ARRAY['1899-12-31', '1900-01-01', '9999-12-31', '0000-01-01']) AS v$$,
    $$VALUES (NULL::date), ('1900-01-01'), ('9999-12-31'), (NULL)$$,
    'an import cell is a date from 1900 to 9999, and year 0000 none (not the cast''s 22008)'
);
SELECT is(
    staging.cell_problem('1850-06-01', 'date', FALSE, 10, '.*', NULL, 'a date'),
    'not a date from 1900 to 9999 (YYYY-MM-DD or an Excel date)',
    'its cell error says the range'
);

SELECT * FROM finish();
ROLLBACK;
