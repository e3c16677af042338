-- ops.refresh_movement_daily after a long gap: a refresh that last ran before
-- ledger retention detached months summed again from the day before its last
-- horizon, and deleted the summaries of the detached days, which no ledger
-- row can bring back. It now leaves the days before the attached months as
-- they were summed.
BEGIN;
SELECT plan(4);

DO $$
BEGIN
    PERFORM test_support.stock_world();
    -- Two old months, written straight into the ledger (the api only writes at now()).
    PERFORM partman.create_partition_time(
        'inventory.stock_movement', ARRAY['2025-01-01', '2025-02-01']::timestamptz[]
    );
    INSERT INTO inventory.stock_movement (
        tenant_id, occurred_at, movement_type, product_id, location_id, quantity
    )
    VALUES
    (test_support.default_tenant(), '2025-01-10 12:00Z', 'purchase_receipt', test_support.id('k'), test_support.id('a1'), 10),
    (test_support.default_tenant(), '2025-02-03 12:00Z', 'sale_issue', test_support.id('k'), test_support.id('a1'), -2);
    PERFORM ops.refresh_movement_daily();
END
$$;

SELECT is(
    (SELECT count(*) FROM report.movement_daily WHERE day < '2025-03-01'),
    2::bigint,
    'the old months are summed, two days'
);

-- The refresh then stops for long enough that retention detaches those months.
DO $$
BEGIN
    UPDATE ops.report_refresh SET horizon = '2025-01-05' WHERE report_name = 'report.movement_daily';
    PERFORM inventory.detach_ledger_months('2025-03-01');
    PERFORM api.receive_stock('now-1', test_support.id('k'), test_support.id('a1'), 1);
    PERFORM ops.refresh_movement_daily();
END
$$;

SELECT results_eq(
    $$SELECT day, movement_type::text, movement_count, quantity FROM report.movement_daily
      WHERE day < '2025-03-01' ORDER BY day$$,
    $$VALUES ('2025-01-10'::date, 'purchase_receipt', 1::bigint, 10.000::numeric(16, 3)),
             ('2025-02-03'::date, 'sale_issue', 1::bigint, -2.000::numeric(16, 3))$$,
    'the detached days keep their summaries'
);
SELECT is(
    (SELECT sum(quantity) FROM report.movement_daily WHERE day >= current_date - 1 AND movement_type = 'purchase_receipt'),
    (SELECT sum(quantity) FROM inventory.stock_movement WHERE occurred_at >= current_date - 2 AND movement_type = 'purchase_receipt'),
    'the attached days are summed from the ledger'
);
SELECT is(
    (SELECT horizon > '2025-01-05' FROM ops.report_refresh WHERE report_name = 'report.movement_daily'),
    TRUE,
    'the horizon moved on'
);

SELECT * FROM finish();
ROLLBACK;
