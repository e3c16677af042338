-- report.reorder_suggestions: demand over the lead time + safety − available − on order.
BEGIN;
SELECT plan(8);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    UPDATE catalog.product SET reorder_point = 10, safety_stock_level = 5, lead_time_days = 10
    WHERE id = test_support.id('p');
    PERFORM api.receive_stock('p-in', test_support.id('p'), test_support.id('a1'), 100);
    PERFORM api.record_movement('p-use', 'consumption', test_support.id('p'), test_support.id('a1'), 95);
    -- K is plentiful and has no reorder point: never suggested.
    PERFORM api.receive_stock('k-in', test_support.id('k'), test_support.id('a1'), 1);
END
$$;

SELECT results_eq(
    $$SELECT sku, warehouse_code, available, lead_time_days, demand_source, lead_time_demand, on_order,
             suggested_quantity, supplier_code
      FROM report.reorder_suggestions$$,
    $$VALUES ('P', 'W', 5::numeric, 10, 'trailing_average', 10.556::numeric, 0::numeric, 11::numeric, NULL::text)$$,
    'without a forecast: 95 issued in 90 days × 10 days lead + 5 safety − 5 available → 11'
);

DO $$
DECLARE
    v_po uuid := api.create_purchase_order(test_support.id('sup'), 'EUR');
BEGIN
    PERFORM api.add_purchase_order_item(v_po, 1, test_support.id('p'), 4, 250);
    PERFORM api.submit_purchase_order(v_po, test_support.version_of('procurement.purchase_order', v_po));
END
$$;
SELECT results_eq(
    $$SELECT on_order, suggested_quantity, supplier_code FROM report.reorder_suggestions$$,
    $$VALUES (4::numeric, 7::numeric, 'SUP')$$,
    'an open purchase order reduces the suggestion, and its supplier is proposed'
);

DO $$
BEGIN
    PERFORM test_support.remember('pref', test_support.make_supplier(test_support.default_tenant(), 'PREF'));
    UPDATE procurement.supplier SET lead_time_days = 20 WHERE id = test_support.id('pref');
    PERFORM api.update_product(
        test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p')),
        preferred_supplier_id => test_support.id('pref'), lead_time_days => 0
    );
END
$$;
SELECT results_eq(
    $$SELECT supplier_code, lead_time_days, lead_time_demand, suggested_quantity FROM report.reorder_suggestions$$,
    $$VALUES ('PREF', 20, 21.111::numeric, 18::numeric)$$,
    'the preferred supplier is proposed, and its lead time counts when the product has none'
);

INSERT INTO planning.demand_forecast (tenant_id, product_id, warehouse_id, period_start, period_end, forecast_quantity)
VALUES (
    test_support.default_tenant(), test_support.id('p'), test_support.id('w'),
    (now() AT TIME ZONE 'Europe/Berlin')::date, (now() AT TIME ZONE 'Europe/Berlin')::date + 40, 80
);
SELECT results_eq(
    $$SELECT demand_source, lead_time_demand, suggested_quantity FROM report.reorder_suggestions$$,
    $$VALUES ('forecast', 40.000::numeric, 36::numeric)$$,
    'a forecast replaces the trailing average: 80 over 40 days, 20 of them within the lead time'
);

-- An inactive preferred supplier was proposed (and its lead time counted),
-- though it cannot be ordered from; an inactive warehouse, which takes no
-- stock, was given suggestions.
UPDATE procurement.supplier SET active = FALSE WHERE id = test_support.id('pref');
SELECT results_eq(
    $$SELECT supplier_code, lead_time_days FROM report.reorder_suggestions$$,
    $$VALUES ('SUP', 0)$$,
    'an inactive preferred supplier is passed over for the supplier last ordered from, and its lead time'
);
UPDATE procurement.supplier SET active = FALSE WHERE id = test_support.id('sup');
SELECT results_eq(
    $$SELECT supplier_code FROM report.reorder_suggestions$$,
    $$VALUES (NULL::text)$$,
    'and an inactive supplier last ordered from is not proposed either'
);
UPDATE warehouse.warehouse SET active = FALSE WHERE id = test_support.id('w');
SELECT is_empty(
    'SELECT * FROM report.reorder_suggestions',
    'an inactive warehouse gets no suggestion'
);
UPDATE warehouse.warehouse SET active = TRUE WHERE id = test_support.id('w');

DO $$
BEGIN
    PERFORM api.receive_stock('p-more', test_support.id('p'), test_support.id('a1'), 6);
END
$$;
SELECT is_empty(
    'SELECT * FROM report.reorder_suggestions',
    'stock above the reorder point is not suggested'
);

SELECT * FROM finish();
ROLLBACK;
