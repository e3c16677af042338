-- An api call that names its subject by a NULL id gets 22023 '<argument>
-- must not be null' (ops.require_id), not SD404 '<thing> <NULL> not found':
-- NULL names no row, so none can be missing. DESIGN.md keeps SD404 for "a
-- referenced id does not exist for this tenant".
BEGIN;
SELECT plan(41);

DO $$
BEGIN
    PERFORM test_support.trading_world();
END
$$;

SELECT throws_ok(
    $$SELECT api.add_purchase_order_item(NULL, 1, test_support.id('p'), 1, 100)$$,
    '22023', 'order_id must not be null',
    'api.add_purchase_order_item: a NULL order_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.add_sales_order_item(NULL, 1, test_support.id('p'), 1, 100)$$,
    '22023', 'order_id must not be null',
    'api.add_sales_order_item: a NULL order_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.add_tracking_event(NULL, 'in_transit')$$,
    '22023', 'shipment_id must not be null',
    'api.add_tracking_event: a NULL shipment_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.approve_sales_order(NULL, 1)$$,
    '22023', 'order_id must not be null',
    'api.approve_sales_order: a NULL order_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.cancel_purchase_order(NULL, 1)$$,
    '22023', 'order_id must not be null',
    'api.cancel_purchase_order: a NULL order_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.cancel_sales_order(NULL, 1, 'customer changed their mind')$$,
    '22023', 'order_id must not be null',
    'api.cancel_sales_order: a NULL order_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.create_purchase_order(NULL, 'EUR')$$,
    '22023', 'supplier_id must not be null',
    'api.create_purchase_order: a NULL supplier_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.create_sales_order(
        'null-so', NULL, jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1))
    )$$,
    '22023', 'customer_id must not be null',
    'api.create_sales_order: a NULL customer_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.delete_category(NULL, 1)$$,
    '22023', 'category_id must not be null',
    'api.delete_category: a NULL category_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.delete_customer(NULL, 1)$$,
    '22023', 'customer_id must not be null',
    'api.delete_customer: a NULL customer_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.delete_product(NULL, 1)$$,
    '22023', 'product_id must not be null',
    'api.delete_product: a NULL product_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.delete_supplier(NULL, 1)$$,
    '22023', 'supplier_id must not be null',
    'api.delete_supplier: a NULL supplier_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.hold_batch(NULL, 1, 'recall')$$,
    '22023', 'batch_id must not be null',
    'api.hold_batch: a NULL batch_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.lift_batch_hold(NULL, 1)$$,
    '22023', 'batch_id must not be null',
    'api.lift_batch_hold: a NULL batch_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.receive_purchase_order_item('null-rcv', NULL, test_support.id('a1'), 1)$$,
    '22023', 'item_id must not be null',
    'api.receive_purchase_order_item: a NULL item_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.remove_purchase_order_item(NULL, 1)$$,
    '22023', 'item_id must not be null',
    'api.remove_purchase_order_item: a NULL item_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.remove_sales_order_item(NULL, 1)$$,
    '22023', 'item_id must not be null',
    'api.remove_sales_order_item: a NULL item_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.reserve_sales_order('null-rso', NULL, test_support.id('w'))$$,
    '22023', 'order_id must not be null',
    'api.reserve_sales_order: a NULL order_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.revoke_user_tokens(NULL)$$,
    '22023', 'user_id must not be null',
    'api.revoke_user_tokens: a NULL user_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.set_password(NULL, 'correct horse battery staple')$$,
    '22023', 'user_id must not be null',
    'api.set_password: a NULL user_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.ship_sales_order('null-ship', NULL, 'DHL', 'T-1')$$,
    '22023', 'order_id must not be null',
    'api.ship_sales_order: a NULL order_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.split_sales_order('null-split', NULL, 1, '[]'::jsonb)$$,
    '22023', 'order_id must not be null',
    'api.split_sales_order: a NULL order_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.submit_purchase_order(NULL, 1)$$,
    '22023', 'order_id must not be null',
    'api.submit_purchase_order: a NULL order_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.unreserve_sales_order(NULL, 1)$$,
    '22023', 'order_id must not be null',
    'api.unreserve_sales_order: a NULL order_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.update_batch(NULL, 1)$$,
    '22023', 'batch_id must not be null',
    'api.update_batch: a NULL batch_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.update_carrier(NULL, 1)$$,
    '22023', 'carrier_id must not be null',
    'api.update_carrier: a NULL carrier_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.update_category(NULL, 1)$$,
    '22023', 'category_id must not be null',
    'api.update_category: a NULL category_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.update_customer(NULL, 1)$$,
    '22023', 'customer_id must not be null',
    'api.update_customer: a NULL customer_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.update_location(NULL, 1)$$,
    '22023', 'location_id must not be null',
    'api.update_location: a NULL location_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.update_product(NULL, 1)$$,
    '22023', 'product_id must not be null',
    'api.update_product: a NULL product_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order(NULL, 1)$$,
    '22023', 'order_id must not be null',
    'api.update_purchase_order: a NULL order_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.update_purchase_order_item(NULL, 1)$$,
    '22023', 'item_id must not be null',
    'api.update_purchase_order_item: a NULL item_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.update_reservation(NULL, 1)$$,
    '22023', 'reservation_id must not be null',
    'api.update_reservation: a NULL reservation_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.update_sales_order(NULL, 1)$$,
    '22023', 'order_id must not be null',
    'api.update_sales_order: a NULL order_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.update_sales_order_item(NULL, 1)$$,
    '22023', 'item_id must not be null',
    'api.update_sales_order_item: a NULL item_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.update_supplier(NULL, 1)$$,
    '22023', 'supplier_id must not be null',
    'api.update_supplier: a NULL supplier_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.update_user(NULL, 1)$$,
    '22023', 'user_id must not be null',
    'api.update_user: a NULL user_id is a bad argument, not a missing row'
);
SELECT throws_ok(
    $$SELECT api.update_warehouse(NULL, 1)$$,
    '22023', 'warehouse_id must not be null',
    'api.update_warehouse: a NULL warehouse_id is a bad argument, not a missing row'
);

-- What the caller reads besides the message.
CREATE FUNCTION pg_temp.diagnostics(call text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_detail text;
    v_hint text;
BEGIN
    EXECUTE call;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
    RETURN v_detail || ' | ' || v_hint;
END
$$;
SELECT is(
    pg_temp.diagnostics('SELECT api.approve_sales_order(NULL, 1)'),
    'order_id => NULL names no sales order. | Pass the id of a sales order of the calling tenant.',
    'the DETAIL says what the NULL should have named, the HINT what to pass'
);

-- Every api function, called with every argument NULL, refuses with 22023
-- (whichever argument it checks first), or takes NULL as documented: a new
-- function that looks a NULL id up and answers SD404 fails here.
CREATE FUNCTION pg_temp.all_null_outcomes() RETURNS TABLE (function_name text, outcome text)
LANGUAGE plpgsql AS $$
DECLARE
    v record;
    v_state text;
BEGIN
    FOR v IN
        SELECT p.proname::text AS name, p.pronargs, p.proretset
        FROM pg_proc AS p
        WHERE p.pronamespace = 'api'::regnamespace
        ORDER BY 1
    LOOP
        BEGIN
            EXECUTE format(
                'SELECT %s api.%I(%s)', CASE WHEN v.proretset THEN 'count(*) FROM' ELSE '' END, v.name,
                (SELECT string_agg('NULL', ', ') FROM generate_series(1, v.pronargs))
            );
            function_name := v.name;
            outcome := 'ok';
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE;
            function_name := v.name;
            outcome := v_state;
        END;
        RETURN NEXT;
        -- set_context(NULL) fails, and a failed call keeps the context; set
        -- it again in case a function ended it.
        PERFORM api.set_context(test_support.default_tenant(), '00000000-0000-7000-8000-000000000002');
    END LOOP;
END
$$;
SELECT is(
    array(SELECT function_name || ': ' || outcome FROM pg_temp.all_null_outcomes() WHERE outcome <> '22023'),
    ARRAY[
        -- NULL password and email: refused as a failed sign-in, which returns NULL.
        'authenticate: ok',
        'list_users: ok',
        -- An unknown token is refused the same way.
        'rotate_refresh_token: ok'
    ],
    'every api function given only NULLs refuses with 22023, but the three that take no id'
);
SELECT is(
    (SELECT count(*) FROM pg_temp.all_null_outcomes())::integer,
    (SELECT count(*) FROM pg_proc WHERE pronamespace = 'api'::regnamespace)::integer,
    'each api function was called'
);

SELECT * FROM finish();
ROLLBACK;
