-- A transaction that began before another one made or moved a document still
-- sees it (read committed), and its now() is the earlier time. The timeline
-- columns the tables keep ordered by CHECK were stamped now(), and the call
-- failed with a bare 23514. Here the other transaction is played by moving
-- the earlier stamp a minute past this transaction's now().
BEGIN;
SELECT plan(22);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 100, 'B1', '2031-01-01');
    PERFORM test_support.remember('so-a', api.create_sales_order('so-a', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1, 'unit_price_minor', 100))));
    PERFORM test_support.remember('so-b', api.create_sales_order('so-b', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 2, 'unit_price_minor', 100))));
    PERFORM test_support.remember('so-c', api.create_sales_order('so-c', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 3, 'unit_price_minor', 100))));
    UPDATE sales.sales_order SET created_at = now() + interval '1 minute'
    WHERE id IN (test_support.id('so-a'), test_support.id('so-c'));
    PERFORM api.approve_sales_order(test_support.id('so-b'), test_support.version_of('sales.sales_order', test_support.id('so-b')));
    UPDATE sales.sales_order SET created_at = now() + interval '1 minute', approved_at = now() + interval '1 minute'
    WHERE id = test_support.id('so-b');
    PERFORM api.reserve_sales_order('so-b-reserve', test_support.id('so-b'), test_support.id('w'));
END
$$;

-- Sales orders
SELECT lives_ok(
    format(
        'SELECT api.approve_sales_order(%L, %s)', test_support.id('so-a'),
        test_support.version_of('sales.sales_order', test_support.id('so-a'))
    ),
    'an order made after this transaction began can be approved in it'
);
SELECT ok(
    (SELECT approved_at = created_at FROM sales.sales_order WHERE id = test_support.id('so-a')),
    'it is approved when it was made, not before'
);
SELECT lives_ok(
    format($$SELECT api.ship_sales_order('so-b-ship', %L, 'DHL', 'TRK-OLDER-1')$$, test_support.id('so-b')),
    'an order approved after this transaction began can be shipped in it'
);
SELECT ok(
    (
        SELECT so.shipped_at = so.approved_at AND sh.shipped_at = so.approved_at
        FROM sales.sales_order AS so INNER JOIN logistics.shipment AS sh ON so.id = sh.sales_order_id
        WHERE so.id = test_support.id('so-b')
    ),
    'the order and its shipment leave when it was approved, not before'
);
SELECT lives_ok(
    format(
        $$SELECT api.add_tracking_event(%L, 'delivered', 'Door')$$,
        (SELECT id FROM logistics.shipment WHERE sales_order_id = test_support.id('so-b'))
    ),
    'a tracking event at the default time (now) is taken for that shipment'
);
SELECT results_eq(
    format($$SELECT e.occurred_at = sh.shipped_at, sh.status::text, sh.delivered_at = sh.shipped_at
             FROM logistics.shipment AS sh
             JOIN logistics.shipment_tracking_event AS e ON e.shipment_id = sh.id
             WHERE sh.sales_order_id = %L$$, test_support.id('so-b')),
    $$VALUES (true, 'delivered', true)$$,
    'the default time is at the earliest when the shipment left, and delivery follows it'
);
SELECT throws_ok(
    format(
        $$SELECT api.add_tracking_event(%L, 'delivered', 'Door', now() - interval '1 minute')$$,
        (SELECT id FROM logistics.shipment WHERE sales_order_id = test_support.id('so-b'))
    ),
    '22023', 'occurred_at must not be before the shipment left',
    'a time the caller gives is still refused when it is before the shipment left'
);
SELECT lives_ok(
    format(
        $$SELECT api.cancel_sales_order(%L, %s, 'customer changed their mind')$$, test_support.id('so-c'),
        test_support.version_of('sales.sales_order', test_support.id('so-c'))
    ),
    'an order made after this transaction began can be cancelled in it'
);
SELECT ok(
    (SELECT cancelled_at = created_at FROM sales.sales_order WHERE id = test_support.id('so-c')),
    'it is cancelled when it was made, not before'
);

-- Purchase orders
DO $$
BEGIN
    PERFORM test_support.remember('po-a', api.create_purchase_order(test_support.id('sup'), 'EUR'));
    PERFORM api.add_purchase_order_item(test_support.id('po-a'), 1, test_support.id('k'), 5, 100);
    UPDATE procurement.purchase_order SET created_at = now() + interval '1 minute' WHERE id = test_support.id('po-a');

    PERFORM test_support.remember('po-b', api.create_purchase_order(test_support.id('sup'), 'EUR'));
    PERFORM test_support.remember('po-b-1', api.add_purchase_order_item(test_support.id('po-b'), 1, test_support.id('k'), 5, 100));
    PERFORM api.submit_purchase_order(test_support.id('po-b'), test_support.version_of('procurement.purchase_order', test_support.id('po-b')));
    UPDATE procurement.purchase_order SET created_at = now() + interval '1 minute', ordered_at = now() + interval '1 minute'
    WHERE id = test_support.id('po-b');

    PERFORM test_support.remember('po-c', api.create_purchase_order(test_support.id('sup'), 'EUR'));
    PERFORM api.add_purchase_order_item(test_support.id('po-c'), 1, test_support.id('k'), 5, 100);
    PERFORM api.submit_purchase_order(test_support.id('po-c'), test_support.version_of('procurement.purchase_order', test_support.id('po-c')));
    UPDATE procurement.purchase_order SET created_at = now() + interval '1 minute', ordered_at = now() + interval '1 minute'
    WHERE id = test_support.id('po-c');
END
$$;

SELECT lives_ok(
    format(
        'SELECT api.submit_purchase_order(%L, %s)', test_support.id('po-a'),
        test_support.version_of('procurement.purchase_order', test_support.id('po-a'))
    ),
    'a draft made after this transaction began can be submitted in it'
);
SELECT ok(
    (SELECT ordered_at = created_at FROM procurement.purchase_order WHERE id = test_support.id('po-a')),
    'it is ordered when it was made, not before'
);
SELECT lives_ok(
    format(
        $$SELECT api.receive_purchase_order_item('po-b-in', %L, %L, 5)$$, test_support.id('po-b-1'),
        test_support.id('a1')
    ),
    'an order submitted after this transaction began can be received in full in it'
);
SELECT results_eq(
    format(
        'SELECT status::text, received_at = ordered_at FROM procurement.purchase_order WHERE id = %L',
        test_support.id('po-b')
    ),
    $$VALUES ('received', true)$$,
    'it is received when it was ordered, not before'
);
SELECT lives_ok(
    format(
        'SELECT api.cancel_purchase_order(%L, %s)', test_support.id('po-c'),
        test_support.version_of('procurement.purchase_order', test_support.id('po-c'))
    ),
    'an order submitted after this transaction began can be cancelled in it'
);
SELECT ok(
    (SELECT cancelled_at = ordered_at FROM procurement.purchase_order WHERE id = test_support.id('po-c')),
    'it is cancelled when it was ordered, not before'
);

-- Refresh tokens
DO $$
BEGIN
    CREATE TEMP TABLE tokens ON COMMIT DROP AS
    SELECT 'revoked' AS name, t.refresh_token AS token FROM api.issue_refresh_token() AS t
    UNION ALL
    SELECT 'rotated', t.refresh_token FROM api.issue_refresh_token() AS t;
    UPDATE auth.refresh_token
    SET created_at = now() + interval '1 minute', expires_at = expires_at + interval '1 minute';
END
$$;

SELECT is(
    api.revoke_user_tokens('00000000-0000-7000-8000-000000000002'), 2::bigint,
    'tokens issued after this transaction began are revoked in it'
);
SELECT ok(
    (SELECT bool_and(revoked_at = created_at) FROM auth.refresh_token),
    'each is revoked when it was issued, not before'
);
DO $$
BEGIN
    UPDATE auth.refresh_token SET revoked_at = NULL;
END
$$;
SELECT isnt_empty(
    format('SELECT * FROM api.rotate_refresh_token(%L)', (SELECT token FROM tokens WHERE name = 'rotated')),
    'a token issued after this transaction began can be rotated in it'
);
SELECT ok(
    (
        SELECT rt.revoked_at = rt.created_at AND rt.replaced_by IS NOT NULL
        FROM auth.refresh_token AS rt
        INNER JOIN tokens AS t ON rt.token_hash = sha256(convert_to(t.token, 'UTF8'))
        WHERE t.name = 'rotated'
    ),
    'the rotated token is revoked when it was issued, not before'
);

-- updated_at
DO $$
BEGIN
    -- Past the touch trigger, which would stamp updated_at itself.
    PERFORM set_config('session_replication_role', 'replica', true);
    UPDATE auth.tenant SET created_at = now() + interval '1 minute', updated_at = now() + interval '1 minute'
    WHERE id = test_support.default_tenant();
    PERFORM set_config('session_replication_role', 'origin', true);
END
$$;
SELECT lives_ok(
    format($$UPDATE auth.tenant SET name = 'Renamed' WHERE id = %L$$, test_support.default_tenant()),
    'a tenant made after this transaction began can be changed in it'
);
SELECT ok(
    (SELECT updated_at = created_at FROM auth.tenant WHERE id = test_support.default_tenant()),
    'updated_at does not go back before the last change'
);
SELECT ok(
    test_support.books_agree(),
    'the ledger and the balances agree'
);

SELECT * FROM finish();
ROLLBACK;
