-- report.stock_movements and report.shipment_events: the ledger and the
-- tracking history as an application reads them, as stockdb_app, which holds
-- no table. Before them the movement ids the api returns led nowhere.
BEGIN;
SELECT plan(11);

DO $$
DECLARE
    v_old uuid;
BEGIN
    PERFORM test_support.trading_world();
    PERFORM test_support.remember('in', api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 10, 'B1',
                                                          '2031-01-01'));
    PERFORM test_support.remember('t', api.transfer_stock('tr-1', test_support.id('p'), test_support.id('a1'),
                                                          test_support.id('s1'), 4));
    PERFORM test_support.remember('r', api.reserve_stock('res-1', test_support.id('p'), test_support.id('w'), 2));
    PERFORM api.fulfil_reservation('ful-1', test_support.id('r'));
    PERFORM test_support.remember('so', api.create_sales_order('so-1', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1))));
    PERFORM api.approve_sales_order(test_support.id('so'), test_support.version_of('sales.sales_order', test_support.id('so')));
    PERFORM api.reserve_sales_order('rso-1', test_support.id('so'), test_support.id('w'));
    PERFORM test_support.remember('ship', api.ship_sales_order('ship-1', test_support.id('so'), 'DHL', 'JD0146'));
    PERFORM api.add_tracking_event(test_support.id('ship'), 'delivered', 'Berlin', now() + interval '2 minutes');
    -- Late: happened before the delivery, recorded after it.
    PERFORM api.add_tracking_event(test_support.id('ship'), 'in_transit', 'Leipzig hub', now() + interval '1 minute');
    -- Written two hours before its id was made, as a transaction that long would.
    INSERT INTO inventory.stock_movement (tenant_id, occurred_at, movement_type, product_id, location_id, quantity)
    VALUES (test_support.default_tenant(), now() - interval '2 hours', 'adjustment', test_support.id('p'),
            test_support.id('a1'), 1)
    RETURNING id INTO STRICT v_old;
    PERFORM test_support.remember('old', v_old);
    PERFORM test_support.remember('other', test_support.make_tenant('other'));
    PERFORM test_support.open_to_app();
END
$$;

SET LOCAL ROLE stockdb_app;
SELECT api.set_context(test_support.default_tenant(), '00000000-0000-7000-8000-000000000002');

SELECT results_eq(
    $$SELECT movement_type::text, sku, batch_number, location_code, warehouse_code, quantity, reference_type
      FROM report.stock_movements WHERE movement_id = test_support.id('in')$$,
    $$VALUES ('purchase_receipt', 'P', 'B1', 'A1', 'W', 10.000::numeric, NULL::text)$$,
    'the movement id receive_stock returned leads to its row: product, batch, location, warehouse, quantity'
);
SELECT results_eq(
    $$SELECT * FROM report.stock_movement(test_support.id('in'))$$,
    $$SELECT * FROM report.stock_movements WHERE movement_id = test_support.id('in')$$,
    'report.stock_movement(id) gives the same row, read near the time its id was made'
);
SELECT results_eq(
    $$SELECT movement_type::text, quantity FROM report.stock_movement(test_support.id('old'))$$,
    $$VALUES ('adjustment', 1.000::numeric)$$,
    'a movement written long after its transaction began is found too'
);
SELECT is(
    (SELECT count(*) FROM report.stock_movement(gen_random_uuid())),
    0::bigint,
    'an id of another uuid version finds nothing, and fails nothing'
);
SELECT results_eq(
    $$SELECT movement_type::text, location_code, sum(quantity)
      FROM report.stock_movements WHERE product_id = test_support.id('p') AND occurred_at >= now() - interval '1 hour'
      GROUP BY 1, 2 ORDER BY 1, 2$$,
    $$VALUES ('purchase_receipt', 'A1', 10.000::numeric), ('release', 'A1', 3.000), ('reservation', 'A1', -3.000),
             ('sale_issue', 'A1', -3.000), ('transfer_in', 'S1', 4.000), ('transfer_out', 'A1', -4.000)$$,
    'a product''s stock card over a time range lists every movement with its signed quantity'
);
SELECT results_eq(
    $$SELECT sum(quantity) FILTER (WHERE movement_type NOT IN ('reservation', 'release'))
      FROM report.stock_movements WHERE product_id = test_support.id('p')$$,
    $$SELECT sum(on_hand) FROM report.stock_by_location WHERE product_id = test_support.id('p')$$,
    'the stock card''s moves of stock add up to what is on hand'
);
SELECT results_eq(
    $$SELECT movement_type::text, quantity FROM report.stock_movements
      WHERE reference_type = 'reservation' AND reference_id = test_support.id('r') ORDER BY 1$$,
    $$VALUES ('release', 2.000::numeric), ('reservation', -2.000), ('sale_issue', -2.000)$$,
    'a reservation''s movements are found by its reference'
);
SELECT results_eq(
    $$SELECT tracking_number, status::text, location FROM report.shipment_events
      WHERE shipment_id = test_support.id('ship') ORDER BY occurred_at$$,
    $$VALUES ('JD0146', 'in_transit', 'Leipzig hub'), ('JD0146', 'delivered', 'Berlin')$$,
    'a shipment''s tracking history, the late event included, in the order things happened'
);
SELECT results_eq(
    $$SELECT status::text FROM report.shipments WHERE shipment_id = test_support.id('ship')$$,
    $$VALUES ('delivered')$$,
    'while the late event moved nothing'
);

SELECT api.set_context(test_support.id('other'), NULL);
SELECT is(
    (SELECT count(*) FROM report.stock_movement(test_support.id('in'))),
    0::bigint,
    'another tenant''s movement id finds nothing'
);
SELECT is(
    (SELECT count(*) FROM report.stock_movements) + (SELECT count(*) FROM report.shipment_events),
    0::bigint,
    'another tenant sees none of it'
);

RESET ROLE;
SELECT * FROM finish();
ROLLBACK;
