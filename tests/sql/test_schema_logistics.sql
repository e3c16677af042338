-- logistics: carriers, shipments, tracking events.
BEGIN;
SELECT plan(13);

SELECT has_table('logistics', t, format('logistics.%s exists', t))
FROM unnest(ARRAY['carrier', 'shipment', 'shipment_item', 'shipment_tracking_event']) AS t;

DO $$
DECLARE
    v_id uuid;
BEGIN
    PERFORM test_support.remember('acme', test_support.make_tenant('acme'));
    PERFORM test_support.remember('wh', test_support.make_warehouse(test_support.id('acme'), 'MAIN'));
    PERFORM test_support.remember('dhl', test_support.make_carrier(test_support.id('acme'), 'DHL'));
    INSERT INTO logistics.shipment (tenant_id, warehouse_id, carrier_id, tracking_number)
    VALUES (test_support.id('acme'), test_support.id('wh'), test_support.id('dhl'), 'JD0001')
    RETURNING id INTO v_id;
    PERFORM test_support.remember('s', v_id);
END
$$;

SELECT throws_ok(
    format(
        $$INSERT INTO logistics.shipment (tenant_id, warehouse_id, carrier_id, tracking_number)
          VALUES (%L, %L, %L, 'JD0001')$$,
        test_support.id('acme'), test_support.id('wh'), test_support.id('dhl')
    ),
    '23505',
    'duplicate key value violates unique constraint "shipment_tracking_number_key"',
    'a tracking number is unique per carrier'
);
SELECT throws_ok(
    format(
        $$UPDATE logistics.shipment SET status = 'delivered', shipped_at = now(), delivered_at = now() WHERE id = %L$$,
        test_support.id('s')
    ),
    'SD003',
    format('shipment %s cannot go from preparing to delivered', test_support.id('s')),
    'a shipment is not delivered before it is in transit'
);
UPDATE logistics.shipment SET status = 'in_transit', shipped_at = now() WHERE id = test_support.id('s');
SELECT throws_ok(
    format(
        $$UPDATE logistics.shipment SET status = 'delivered', delivered_at = shipped_at - interval '1 day'
          WHERE id = %L$$,
        test_support.id('s')
    ),
    '23514',
    'new row for relation "shipment" violates check constraint "shipment_delivered_at_check"',
    'a shipment cannot be delivered before it shipped'
);
SELECT throws_ok(
    format(
        $$UPDATE logistics.shipment SET customs_value_minor = 100 WHERE id = %L$$, test_support.id('s')
    ),
    '23514',
    'new row for relation "shipment" violates check constraint "shipment_customs_value_check"',
    'a customs value needs its currency'
);
SELECT lives_ok(
    format(
        $$INSERT INTO logistics.shipment_tracking_event (tenant_id, shipment_id, occurred_at, status, location)
          VALUES (%L, %L, now(), 'in_transit', 'Leipzig hub')$$,
        test_support.id('acme'), test_support.id('s')
    ),
    'a tracking event is recorded against its shipment'
);
SELECT throws_ok(
    format(
        $$INSERT INTO logistics.shipment_tracking_event (tenant_id, shipment_id, occurred_at, status, details)
          VALUES (%L, %L, now(), 'in_transit', '[]')$$,
        test_support.id('acme'), test_support.id('s')
    ),
    '23514',
    'new row for relation "shipment_tracking_event" violates check constraint "shipment_tracking_event_details_check"',
    'tracking details are a JSON object'
);

-- What a shipment carried stays as it was inserted.
INSERT INTO logistics.shipment_item (tenant_id, shipment_id, product_id, quantity)
VALUES (test_support.id('acme'), test_support.id('s'), test_support.make_product(test_support.id('acme'), 'P'), 2);
SELECT throws_ok(
    $$UPDATE logistics.shipment_item SET quantity = 1$$,
    '55000', 'logistics.shipment_item is append-only: UPDATE refused', 'a shipment item is not updated'
);
SELECT throws_ok(
    format($$DELETE FROM logistics.shipment WHERE id = %L$$, test_support.id('s')),
    '55000', 'logistics.shipment_item is append-only: DELETE refused',
    'nor deleted, with its shipment either'
);
SELECT throws_ok(
    $$TRUNCATE logistics.shipment_item$$,
    '55000', 'logistics.shipment_item is append-only: TRUNCATE refused', 'nor truncated'
);

SELECT * FROM finish();
ROLLBACK;
