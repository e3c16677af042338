-- A parcel the carrier lost or returned to sender: its shipment is cancelled
-- by a tracking event, and its shipped order can then be cancelled. Before,
-- the shipment stayed in transit (alerting as delayed) and the order shipped.
BEGIN;
SELECT plan(16);

CREATE FUNCTION pg_temp.shipped_order(key text, tracking_number text)
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    v_order uuid;
BEGIN
    v_order := api.create_sales_order(
        'so-' || key, test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1, 'unit_price_minor', 400)),
        'EUR'
    );
    PERFORM api.approve_sales_order(v_order, test_support.version_of('sales.sales_order', v_order));
    PERFORM api.reserve_sales_order('rso-' || key, v_order, test_support.id('w'));
    PERFORM test_support.remember('ship-' || key, api.ship_sales_order('ship-' || key, v_order, 'DHL', tracking_number));
    RETURN v_order;
END
$$;

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.receive_stock('in-1', test_support.id('k'), test_support.id('a1'), 10);
    PERFORM test_support.remember('lost', pg_temp.shipped_order('lost', 'LOST-1'));
    PERFORM test_support.remember('back', pg_temp.shipped_order('back', 'BACK-1'));
    PERFORM test_support.remember('done', pg_temp.shipped_order('done', 'DONE-1'));
END
$$;

-- An order on its way is not cancelled.
SELECT throws_ok(
    format(
        $$SELECT api.cancel_sales_order(%L, %s, 'customer changed mind')$$, test_support.id('lost'),
        test_support.version_of('sales.sales_order', test_support.id('lost'))
    ),
    'SD003',
    format('sales_order %s cannot go from shipped to cancelled', test_support.id('lost')),
    'a shipped order whose shipment is in transit cannot be cancelled (SD003)'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.cancel_sales_order(%L, %s, 'customer changed mind')$$, test_support.id('lost'),
        test_support.version_of('sales.sales_order', test_support.id('lost'))
    )),
    format(
        'Its shipment %s is in_transit: a shipped order is cancelled only once its shipment is.',
        test_support.id('ship-lost')
    ),
    'the detail names the shipment and where it is'
);
SELECT ok(
    test_support.error_hint(format(
        $$SELECT api.cancel_sales_order(%L, %s, 'customer changed mind')$$, test_support.id('lost'),
        test_support.version_of('sales.sales_order', test_support.id('lost'))
    )) LIKE 'If the carrier lost the parcel or returns it, record that with api.add_tracking_event(%',
    'the hint names the call that cancels the shipment'
);

-- The carrier reports the parcel lost: in transit, or delayed first.
SELECT lives_ok(
    format(
        $$SELECT api.add_tracking_event(%L, 'cancelled', 'Leipzig hub', now(), '{"reason": "lost"}')$$,
        test_support.id('ship-lost')
    ),
    'a shipment in transit can be cancelled by its carrier''s event'
);
SELECT lives_ok(
    format($$SELECT api.add_tracking_event(%L, 'delayed', 'Hub')$$, test_support.id('ship-back')),
    'the other shipment is delayed'
);
SELECT lives_ok(
    format(
        $$SELECT api.add_tracking_event(%L, 'cancelled', 'Hub', now(), '{"reason": "returned to sender"}')$$,
        test_support.id('ship-back')
    ),
    'a delayed shipment can be cancelled by its carrier''s event'
);
SELECT results_eq(
    format(
        $$SELECT status::text, delivered_at IS NULL FROM logistics.shipment WHERE id IN (%L, %L)$$,
        test_support.id('ship-lost'), test_support.id('ship-back')
    ),
    $$VALUES ('cancelled', TRUE), ('cancelled', TRUE)$$,
    'both shipments are cancelled, neither delivered'
);
SELECT is(
    (SELECT count(*) FROM report.shipment_delays WHERE shipment_id IN (test_support.id('ship-lost'), test_support.id('ship-back'))),
    0::bigint,
    'a cancelled shipment is no longer on its way, so never late'
);
SELECT throws_ok(
    format($$SELECT api.add_tracking_event(%L, 'delivered', 'Front door', clock_timestamp())$$, test_support.id('ship-lost')),
    'SD003',
    format('shipment %s cannot go from cancelled to delivered', test_support.id('ship-lost')),
    'a cancelled shipment is final (SD003)'
);

-- Now the order can end.
SELECT is(
    api.cancel_sales_order(
        test_support.id('lost'), test_support.version_of('sales.sales_order', test_support.id('lost')), 'parcel lost, refunded'
    ),
    test_support.version_of('sales.sales_order', test_support.id('lost')),
    'a shipped order whose shipment is cancelled is cancelled, returning its new version'
);
SELECT results_eq(
    format(
        $$SELECT status::text, cancel_reason, cancelled_at >= shipped_at FROM sales.sales_order WHERE id = %L$$,
        test_support.id('lost')
    ),
    $$VALUES ('cancelled', 'parcel lost, refunded', TRUE)$$,
    'the order is cancelled with its reason, not before it shipped'
);
SELECT results_eq(
    format('SELECT on_hand, reserved FROM api.stock_level(%L)', test_support.id('k')),
    $$VALUES (7::numeric, 0::numeric)$$,
    'the stock stays issued: goods that come back are recorded as a return'
);
SELECT ok(test_support.books_agree(), 'every balance equals the sum of its ledger rows');
SELECT throws_ok(
    format(
        $$SELECT api.cancel_sales_order(%L, %s, 'again')$$, test_support.id('lost'),
        test_support.version_of('sales.sales_order', test_support.id('lost'))
    ),
    'SD003',
    format('sales_order %s cannot go from cancelled to cancelled', test_support.id('lost')),
    'a cancelled order is final (SD003)'
);

-- A delivered order is closed, and stays so.
DO $$
BEGIN
    PERFORM api.add_tracking_event(test_support.id('ship-done'), 'delivered', 'Front door', now());
END
$$;
SELECT throws_ok(
    format(
        $$SELECT api.cancel_sales_order(%L, %s, 'too late')$$, test_support.id('done'),
        test_support.version_of('sales.sales_order', test_support.id('done'))
    ),
    'SD003',
    format('sales_order %s cannot go from closed to cancelled', test_support.id('done')),
    'a closed order cannot be cancelled (SD003)'
);
SELECT throws_ok(
    format($$SELECT api.add_tracking_event(%L, 'cancelled', 'Front door', clock_timestamp())$$, test_support.id('ship-done')),
    'SD003',
    format('shipment %s cannot go from delivered to cancelled', test_support.id('ship-done')),
    'a delivered shipment cannot be cancelled (SD003)'
);

SELECT * FROM finish();
ROLLBACK;
