-- An update of master data that changes nothing is no new version and
-- leaves updated_at: a form saved as it was read moved the version on, and
-- another editor holding the version before got SD004 for a change that
-- never was. A stale version is still refused, and a real change still moves
-- both. So for an order's own fields (update_purchase_order,
-- update_sales_order), a line's (update_purchase_order_item, as
-- update_sales_order_item already did) and a reservation's
-- (update_reservation). Otherwise documents keep moving on every update: a
-- line's change moves its order's version even where the order's totals stay
-- as they were.
BEGIN;
SELECT plan(29);

DO $$
DECLARE
    v_po uuid;
BEGIN
    PERFORM test_support.trading_world();
    v_po := api.create_purchase_order(test_support.id('sup'), 'EUR', number => 'PO-1');
    PERFORM test_support.remember('po', v_po);
    PERFORM test_support.remember('po-line', api.add_purchase_order_item(
        v_po, test_support.version_of('procurement.purchase_order', v_po), test_support.id('k'), 5, 100
    ));
    PERFORM test_support.remember('loc', api.create_location(test_support.id('w'), 'B1', capacity => 50));
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 5);
    PERFORM test_support.remember('res', api.reserve_stock(
        'r-1', test_support.id('p'), test_support.id('w'), 2, reference => 'Hold', expires_at => now() + interval '1 day'
    ));
    PERFORM test_support.remember('so', api.create_sales_order('so-1', test_support.id('cust'), jsonb_build_array(
        jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1)
    ), number => 'SO-1'));
END
$$;
-- Long ago, so that a change would show (now() is this transaction's start).
ALTER TABLE warehouse.warehouse DISABLE TRIGGER _100_touch;
UPDATE warehouse.warehouse SET updated_at = '2020-01-01' WHERE id = test_support.id('w');
ALTER TABLE warehouse.warehouse ENABLE TRIGGER _100_touch;
ALTER TABLE catalog.product DISABLE TRIGGER _100_touch;
UPDATE catalog.product SET updated_at = '2020-01-01' WHERE id = test_support.id('p');
ALTER TABLE catalog.product ENABLE TRIGGER _100_touch;

CREATE TEMP TABLE before_calls AS
SELECT
    test_support.version_of('warehouse.warehouse', test_support.id('w')) AS warehouse,
    test_support.version_of('catalog.product', test_support.id('p')) AS product,
    test_support.version_of('warehouse.location', test_support.id('loc')) AS location,
    test_support.version_of('procurement.supplier', test_support.id('sup')) AS supplier,
    test_support.version_of('sales.customer', test_support.id('cust')) AS customer,
    test_support.version_of('logistics.carrier', test_support.id('dhl')) AS carrier,
    test_support.version_of('procurement.purchase_order', test_support.id('po')) AS purchase_order,
    (SELECT count(*) FROM audit.outbox WHERE document ->> 'action' = 'update') AS audit_updates;

SELECT is(
    api.update_warehouse(test_support.id('w'), (SELECT warehouse FROM before_calls)),
    (SELECT warehouse FROM before_calls),
    'update_warehouse with every field NULL returns the version as it was'
);
SELECT is(
    api.update_warehouse(test_support.id('w'), (SELECT warehouse FROM before_calls), name => 'Warehouse W'),
    (SELECT warehouse FROM before_calls),
    'and so does one naming the name the warehouse has'
);
SELECT is(
    (SELECT updated_at FROM warehouse.warehouse WHERE id = test_support.id('w')),
    '2020-01-01'::timestamptz,
    'its updated_at stays where it was'
);
SELECT is(
    api.update_product(test_support.id('p'), (SELECT product FROM before_calls), name => 'Product P'),
    (SELECT product FROM before_calls),
    'update_product naming the name the product has keeps the version (a table with a generated column)'
);
SELECT is(
    (SELECT updated_at FROM catalog.product WHERE id = test_support.id('p')),
    '2020-01-01'::timestamptz,
    'and its updated_at'
);
SELECT is(
    api.update_location(test_support.id('loc'), (SELECT location FROM before_calls), capacity => 50.000),
    (SELECT location FROM before_calls),
    'update_location with the capacity it has keeps the version'
);
SELECT is(
    api.update_supplier(test_support.id('sup'), (SELECT supplier FROM before_calls)),
    (SELECT supplier FROM before_calls),
    'update_supplier with nothing to change keeps the version'
);
SELECT is(
    api.update_customer(test_support.id('cust'), (SELECT customer FROM before_calls)),
    (SELECT customer FROM before_calls),
    'update_customer with nothing to change keeps the version'
);
SELECT is(
    api.update_carrier(test_support.id('dhl'), (SELECT carrier FROM before_calls)),
    (SELECT carrier FROM before_calls),
    'update_carrier with nothing to change keeps the version'
);
SELECT is(
    (SELECT count(*) FROM audit.outbox WHERE document ->> 'action' = 'update'),
    (SELECT audit_updates FROM before_calls),
    'none of it made an audit document'
);

-- A stale version is still refused, changing something or not.
SELECT throws_ok(
    format($$SELECT api.update_warehouse(%L, %s)$$, test_support.id('w'), (SELECT warehouse FROM before_calls) - 1),
    'SD004', NULL, 'a stale version that changes nothing is still SD004'
);
SELECT throws_ok(
    format(
        $$UPDATE warehouse.warehouse SET version = %s WHERE id = %L$$,
        (SELECT warehouse FROM before_calls) - 1, test_support.id('w')
    ),
    'SD004', NULL, 'and so is a writer naming a stale version in its UPDATE'
);

-- A change moves both.
SELECT is(
    api.update_warehouse(test_support.id('w'), (SELECT warehouse FROM before_calls), name => 'Berlin'),
    (SELECT warehouse FROM before_calls) + 1,
    'a new name is a new version'
);
SELECT is(
    (SELECT updated_at FROM warehouse.warehouse WHERE id = test_support.id('w')),
    now(),
    'and moves updated_at to the transaction''s time'
);
SELECT is(
    api.update_product(test_support.id('p'), (SELECT product FROM before_calls), name => 'Bolts'),
    (SELECT product FROM before_calls) + 1,
    'a product''s new name is a new version'
);
SELECT is(
    api.update_purchase_order_item(
        test_support.id('po-line'), (SELECT purchase_order FROM before_calls), quantity => 5, unit_cost_minor => 100
    ),
    (SELECT purchase_order FROM before_calls),
    'a purchase order line set to what it holds keeps its order''s version, as a sales order''s line does'
);
SELECT cmp_ok(
    api.update_purchase_order_item(
        test_support.id('po-line'), (SELECT purchase_order FROM before_calls), quantity => 4, unit_cost_minor => 125
    ),
    '>', (SELECT purchase_order FROM before_calls),
    'a line of 4 x 125 for 5 x 100 moves it, though the order''s total stays as it was'
);

-- An order's own fields, sent as they are.
CREATE TEMP TABLE order_versions AS
SELECT
    test_support.version_of('procurement.purchase_order', test_support.id('po')) AS purchase_order,
    test_support.version_of('sales.sales_order', test_support.id('so')) AS sales_order,
    test_support.version_of('inventory.reservation', test_support.id('res')) AS reservation,
    (
        SELECT count(*) FROM audit.outbox
        WHERE
            document ->> 'action' = 'update'
            AND document ->> 'entityType' IN ('procurement.purchase_order', 'sales.sales_order')
    ) AS audit_updates;

SELECT is(
    api.update_purchase_order(test_support.id('po'), (SELECT purchase_order FROM order_versions)),
    (SELECT purchase_order FROM order_versions),
    'update_purchase_order with every field NULL returns the version as it is'
);
SELECT is(
    api.update_purchase_order(
        test_support.id('po'), (SELECT purchase_order FROM order_versions), clear => '{notes,warehouse_id}'
    ),
    (SELECT purchase_order FROM order_versions),
    'and so does clearing fields that are empty'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_purchase_order(%L, %s)$$,
        test_support.id('po'), (SELECT purchase_order FROM order_versions) - 1
    ),
    'SD004', NULL, 'a stale version is still refused'
);
SELECT is(
    api.update_sales_order(test_support.id('so'), (SELECT sales_order FROM order_versions)),
    (SELECT sales_order FROM order_versions),
    'update_sales_order with every field NULL returns the version as it is'
);
SELECT is(
    api.update_sales_order(
        test_support.id('so'), (SELECT sales_order FROM order_versions),
        shipping_minor => (SELECT shipping_minor FROM sales.sales_order WHERE id = test_support.id('so')),
        shipping_address => (SELECT shipping_address FROM sales.sales_order WHERE id = test_support.id('so'))
    ),
    (SELECT sales_order FROM order_versions),
    'and so does one whose amount and address are as stored'
);
SELECT is(
    (
        SELECT count(*) FROM audit.outbox
        WHERE
            document ->> 'action' = 'update'
            AND document ->> 'entityType' IN ('procurement.purchase_order', 'sales.sales_order')
    ),
    (SELECT audit_updates FROM order_versions),
    'and none of them wrote an audit document'
);
SELECT is(
    api.update_purchase_order(
        test_support.id('po'), (SELECT purchase_order FROM order_versions), notes => 'Call first'
    ),
    (SELECT purchase_order FROM order_versions) + 1,
    'new notes are a new version'
);
SELECT is(
    api.update_sales_order(test_support.id('so'), (SELECT sales_order FROM order_versions), tax_minor => 19),
    (SELECT sales_order FROM order_versions) + 1,
    'a new tax is a new version'
);

SELECT is(
    api.update_reservation(test_support.id('res'), (SELECT reservation FROM order_versions)),
    (SELECT reservation FROM order_versions),
    'update_reservation with every field NULL returns the version as it is'
);
SELECT is(
    api.update_reservation(
        test_support.id('res'), (SELECT reservation FROM order_versions),
        expires_at => now() + interval '1 day', reference => 'Hold'
    ),
    (SELECT reservation FROM order_versions),
    'and so does one whose expiry and reference are as stored'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_reservation(%L, %s)$$,
        test_support.id('res'), (SELECT reservation FROM order_versions) + 1
    ),
    'SD004', NULL, 'a version not its own is still refused'
);
SELECT is(
    api.update_reservation(
        test_support.id('res'), (SELECT reservation FROM order_versions),
        expires_at => 'infinity'
    ),
    (SELECT reservation FROM order_versions) + 1,
    'a reservation that no longer expires is a new version'
);

SELECT * FROM finish();
ROLLBACK;
