-- Sellable stock: what allocation may take. Stock on hold, expired, in
-- quarantine or in a location out of use counted as available in the
-- reorder suggestions, the stock report's status and the out_of_stock and
-- low_stock alerts, so a recalled lot kept a product off the buyer's list
-- while nothing of it could ship.
BEGIN;
SELECT plan(41);

CREATE TEMP VIEW alerts AS
SELECT
    (document ->> 'type') || CASE document ->> 'status' WHEN 'resolved' THEN '_cleared' ELSE '' END AS event,
    document -> 'details' AS details
FROM audit.outbox WHERE kind = 'alert' AND document ->> 'type' IN ('low_stock', 'out_of_stock')
ORDER BY position;
CREATE FUNCTION pg_temp.bv(number text) RETURNS integer LANGUAGE sql AS $$
    SELECT version FROM catalog.product_batch WHERE batch_number = number
$$;
CREATE FUNCTION pg_temp.lv(key text) RETURNS integer LANGUAGE sql AS $$
    SELECT version FROM warehouse.location WHERE id = test_support.id(key)
$$;
CREATE FUNCTION pg_temp.status() RETURNS TABLE (available numeric, sellable numeric, stock_status text)
LANGUAGE sql AS $$
    SELECT available, sellable, stock_status FROM report.stock_on_hand
    WHERE product_id = test_support.id('p') AND warehouse_id = test_support.id('w')
$$;

DO $$
BEGIN
    PERFORM test_support.trading_world();
    UPDATE catalog.product SET reorder_point = 6, safety_stock_level = 5, lead_time_days = 7 WHERE id = test_support.id('p');
    PERFORM api.receive_stock('in-b', test_support.id('p'), test_support.id('a2'), 8, 'LOT-B', '2031-01-01');
    PERFORM api.receive_stock('in-a', test_support.id('p'), test_support.id('a1'), 4, 'LOT-A', '2030-01-01');
END
$$;
SELECT results_eq(
    'SELECT * FROM pg_temp.status()', $$VALUES (12::numeric, 12::numeric, 'ok')$$,
    'all of it can be sold: sellable is the available'
);
SELECT is_empty('SELECT event FROM alerts', 'and nothing is raised');
SELECT is_empty($$SELECT 1 FROM report.reorder_suggestions WHERE sku = 'P'$$, 'nor suggested');

-- A recall.
SELECT lives_ok(
    $$SELECT api.hold_batch(test_support.batch('LOT-B'), pg_temp.bv('LOT-B'), 'recall R-9')$$,
    'the larger lot is held'
);
SELECT results_eq(
    'SELECT * FROM pg_temp.status()', $$VALUES (12::numeric, 4::numeric, 'below_safety')$$,
    'the held lot stays available but is not sellable, and the product is below its safety stock'
);
SELECT results_eq(
    'SELECT event, details FROM alerts',
    $$VALUES ('low_stock', jsonb_build_object(
        'product_id', test_support.id('p'), 'sku', 'P', 'warehouse_id', test_support.id('w'), 'warehouse', 'W',
        'available', 12, 'sellable', 4, 'reorder_point', 6))$$,
    'the hold raises low_stock at once, with what is available and what is sellable'
);
SELECT results_eq(
    $$SELECT available, sellable, suggested_quantity FROM report.reorder_suggestions WHERE sku = 'P'$$,
    $$VALUES (12.000, 4.000, 1::numeric)$$,
    'and the product is suggested for reordering: what the safety stock (5) is short of the sellable (4), '
    'with no demand'
);
SELECT results_eq(
    $$SELECT * FROM api.stock_level(test_support.id('p'), test_support.id('w'))$$,
    $$VALUES (12::numeric, 0::numeric, 12::numeric)$$,
    'api.stock_level still answers on hand, reserved and available (its contract)'
);

-- The other lot's shelf turns to quarantine.
SELECT lives_ok(
    $$SELECT api.update_location(test_support.id('a1'), pg_temp.lv('a1'), kind => 'quarantine')$$,
    'the other lot''s location turns to quarantine'
);
SELECT results_eq(
    'SELECT * FROM pg_temp.status()', $$VALUES (12::numeric, 0::numeric, 'out_of_stock')$$,
    'nothing is sellable'
);
SELECT results_eq(
    'SELECT event FROM alerts', $$VALUES ('low_stock'), ('out_of_stock')$$,
    'and out_of_stock is raised'
);
SELECT ok(
    EXISTS (
        SELECT 1 FROM test_support.held_advisory_locks()
        WHERE
            key = inventory.warehouse_stock_key(test_support.default_tenant(), test_support.id('w'))
            AND mode = 'ExclusiveLock'
    ),
    'the change holds the warehouse''s stock, so no movement judged from the location as it was'
);
SELECT lives_ok(
    $$SELECT api.receive_stock('in-q', test_support.id('p'), test_support.id('q'), 20)$$,
    'stock received into quarantine'
);
SELECT results_eq(
    'SELECT event FROM alerts', $$VALUES ('low_stock'), ('out_of_stock')$$,
    'clears nothing: it cannot be sold'
);
SELECT lives_ok(
    $$SELECT api.update_location(test_support.id('a1'), pg_temp.lv('a1'), kind => 'storage')$$,
    'the shelf is storage again'
);
SELECT results_eq(
    'SELECT event FROM alerts',
    $$VALUES ('low_stock'), ('out_of_stock'), ('out_of_stock_cleared')$$,
    'out_of_stock clears; low_stock stays (4 sellable)'
);
SELECT lives_ok(
    $$SELECT api.update_location(test_support.id('a1'), pg_temp.lv('a1'), capacity => 100)$$,
    'a change of capacity alone'
);
SELECT is((SELECT count(*)::integer FROM alerts), 3, 'judges nothing');

-- Out of use.
SELECT lives_ok(
    $$SELECT api.update_location(test_support.id('a1'), pg_temp.lv('a1'), active => false)$$,
    'the shelf goes out of use'
);
SELECT results_eq(
    'SELECT sellable, stock_status FROM pg_temp.status()', $$VALUES (0::numeric, 'out_of_stock')$$,
    'its stock is not sellable'
);
SELECT lives_ok(
    $$SELECT api.update_location(test_support.id('a1'), pg_temp.lv('a1'), active => true)$$,
    'and back in use'
);

-- The hold lifted.
SELECT lives_ok(
    $$SELECT api.lift_batch_hold(test_support.batch('LOT-B'), pg_temp.bv('LOT-B'))$$,
    'the recall ends'
);
SELECT results_eq(
    'SELECT * FROM pg_temp.status()', $$VALUES (32::numeric, 12::numeric, 'ok')$$,
    'the lot is sellable again (the quarantined 20 are not)'
);
SELECT results_eq(
    'SELECT event FROM alerts',
    $$VALUES ('low_stock'), ('out_of_stock'), ('out_of_stock_cleared'), ('out_of_stock'),
             ('out_of_stock_cleared'), ('low_stock_cleared')$$,
    'and every alert is cleared'
);
SELECT is_empty($$SELECT 1 FROM report.reorder_suggestions WHERE sku = 'P'$$, 'nothing to reorder');

-- Expired: a corrected date puts the larger lot past its expiry.
SELECT lives_ok(
    $$SELECT api.update_batch(test_support.batch('LOT-B'), pg_temp.bv('LOT-B'), expiry_date => '2020-01-01',
                              manufacture_date => '2019-01-01')$$,
    'the larger lot turns out to have expired'
);
SELECT results_eq(
    'SELECT sellable, stock_status FROM pg_temp.status()', $$VALUES (4::numeric, 'below_safety')$$,
    'expired stock is not sellable'
);
SELECT results_eq(
    'SELECT event FROM alerts',
    $$VALUES ('low_stock'), ('out_of_stock'), ('out_of_stock_cleared'), ('out_of_stock'),
             ('out_of_stock_cleared'), ('low_stock_cleared'), ('low_stock')$$,
    'low_stock is raised again at once'
);

-- A new reorder point moves the threshold without a movement.
SELECT lives_ok(
    $$SELECT api.update_product(test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p')),
                                reorder_point => 3)$$,
    'the reorder point drops below the sellable 4'
);
SELECT is(
    (SELECT active FROM audit.alert_state WHERE alert_type = 'low_stock'), FALSE,
    'low_stock clears at once'
);
SELECT lives_ok(
    $$SELECT api.update_product(test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p')),
                                reorder_point => 6)$$,
    'and rises again'
);
SELECT results_eq(
    $$SELECT event, (details ->> 'reorder_point')::numeric::integer FROM alerts$$,
    $$VALUES ('low_stock', 6), ('out_of_stock', NULL), ('out_of_stock_cleared', NULL), ('out_of_stock', NULL),
             ('out_of_stock_cleared', NULL), ('low_stock_cleared', 6), ('low_stock', 6),
             ('low_stock_cleared', 3), ('low_stock', 6)$$,
    'raising it again, each with the reorder point it was judged against'
);
-- Out of use, a product or a warehouse takes no new business and no movement
-- would come to clear its alert: it has none.
SELECT lives_ok(
    $$SELECT api.update_product(test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p')),
                                active => false)$$,
    'the product goes out of use'
);
SELECT is(
    (SELECT active FROM audit.alert_state WHERE alert_type = 'low_stock'), FALSE,
    'its low_stock is resolved at once'
);
SELECT lives_ok(
    $$SELECT api.update_product(test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p')),
                                active => true)$$,
    'and back in use'
);
SELECT is(
    (SELECT active FROM audit.alert_state WHERE alert_type = 'low_stock'), TRUE,
    'raises it again'
);
SELECT lives_ok(
    $$SELECT api.update_warehouse(test_support.id('w'), test_support.version_of('warehouse.warehouse', test_support.id('w')),
                                  active => false)$$,
    'the warehouse goes out of use'
);
SELECT is(
    (SELECT active FROM audit.alert_state WHERE alert_type = 'low_stock'), FALSE,
    'its products'' low_stock is resolved at once'
);
SELECT lives_ok(
    $$SELECT api.update_warehouse(test_support.id('w'), test_support.version_of('warehouse.warehouse', test_support.id('w')),
                                  active => true)$$,
    'and back in use'
);
SELECT results_eq(
    $$SELECT event FROM alerts OFFSET 9$$,
    $$VALUES ('low_stock_cleared'), ('low_stock'), ('low_stock_cleared'), ('low_stock')$$,
    'raises it again; each change wrote one alert'
);
SELECT ok(test_support.books_agree(), 'the books agree');

SELECT * FROM finish();
ROLLBACK;
