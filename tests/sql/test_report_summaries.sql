-- report.movement_daily, report.slow_movers, report.inventory_turnover from a known ledger.
BEGIN;
SELECT plan(4);

DO $$
BEGIN
    PERFORM test_support.stock_world();
    PERFORM api.receive_stock('p-in', test_support.id('p'), test_support.id('a1'), 100);
    PERFORM api.record_movement('p-use', 'consumption', test_support.id('p'), test_support.id('a1'), 30);
    PERFORM api.receive_stock('k-in', test_support.id('k'), test_support.id('a1'), 50);
    PERFORM api.record_movement('k-use', 'consumption', test_support.id('k'), test_support.id('a1'), 2);
    PERFORM api.reserve_stock('k-res', test_support.id('k'), test_support.id('w'), 5);
    PERFORM ops.refresh_movement_daily();
END
$$;
REFRESH MATERIALIZED VIEW ops.slow_movers;
REFRESH MATERIALIZED VIEW ops.inventory_turnover;

SELECT results_eq(
    $$SELECT p.sku, d.day = (now() AT TIME ZONE 'Europe/Berlin')::date, d.movement_type::text, d.movement_count, d.quantity
      FROM report.movement_daily AS d JOIN catalog.product AS p ON p.id = d.product_id
      ORDER BY p.sku, d.movement_type$$,
    $$VALUES ('K', TRUE, 'purchase_receipt', 1::bigint, 50::numeric), ('K', TRUE, 'reservation', 1, -5),
             ('K', TRUE, 'consumption', 1, -2),
             ('P', TRUE, 'purchase_receipt', 1, 100), ('P', TRUE, 'consumption', 1, -30)$$,
    'movement_daily counts and sums each day''s movements per product, warehouse and type'
);
SELECT results_eq(
    $$SELECT p.sku, s.on_hand, s.outbound_90d FROM report.slow_movers AS s
      JOIN catalog.product AS p ON p.id = s.product_id$$,
    $$VALUES ('K', 48::numeric, 2::numeric)$$,
    'slow_movers lists K (2 issued against 48 on hand) and not P (30 against 70)'
);
SELECT results_eq(
    $$SELECT p.sku, t.issued_365d, t.on_hand_at_start, t.on_hand_now, t.average_on_hand, t.turnover
      FROM report.inventory_turnover AS t JOIN catalog.product AS p ON p.id = t.product_id ORDER BY p.sku$$,
    $$VALUES ('K', 2::numeric, 0::numeric, 48::numeric, 24::numeric, 0.083::numeric),
             ('P', 30, 0, 70, 35, 0.857)$$,
    'inventory_turnover: issued over the average of on hand at the start and now'
);

-- A second refresh writes the same rows: what it recomputes is replaced, not added to.
DO $$
BEGIN
    PERFORM ops.refresh_movement_daily();
END
$$;
SELECT is(
    (SELECT sum(movement_count) FROM report.movement_daily),
    5::numeric,
    'refreshing again adds nothing twice'
);

SELECT * FROM finish();
ROLLBACK;
