-- api.delete_product, api.delete_supplier, api.delete_customer: soft delete,
-- which the schema was built for (deleted_at, live-only unique keys) and no
-- call could do.
BEGIN;
SELECT plan(27);

DO $$
DECLARE
    v_tenant uuid := test_support.default_tenant();
BEGIN
    PERFORM test_support.trading_world();
    PERFORM test_support.remember('on_po', test_support.make_product(v_tenant, 'ON-PO'));
    PERFORM test_support.remember('on_so', test_support.make_product(v_tenant, 'ON-SO'));
    PERFORM test_support.remember('plain', test_support.make_product(v_tenant, 'PLAIN'));
    PERFORM api.receive_stock('k-in', test_support.id('k'), test_support.id('a1'), 2);
    PERFORM test_support.remember('po', api.create_purchase_order(test_support.id('sup'), 'EUR', number => 'PO-1'));
    PERFORM api.add_purchase_order_item(test_support.id('po'), 1, test_support.id('on_po'), 5, 100);
    PERFORM test_support.remember('so', api.create_sales_order(
        'so-1', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('on_so'), 'quantity', 1, 'unit_price_minor', 100)),
        'EUR', number => 'SO-1'
    ));
END
$$;

SELECT is_definer('api', 'delete_product', 'api.delete_product is SECURITY DEFINER');
SELECT throws_ok(
    format(
        $$SELECT api.delete_product(%L, %s)$$, test_support.id('k'),
        test_support.version_of('catalog.product', test_support.id('k'))
    ),
    '22023', 'product K still has stock', 'a product with stock on hand is not deleted'
);
SELECT throws_ok(
    format($$SELECT api.delete_product(%L, 1)$$, test_support.id('on_po')),
    '22023', 'product ON-PO is on open purchase order PO-1', 'nor one on an open purchase order'
);
SELECT throws_ok(
    format($$SELECT api.delete_product(%L, 1)$$, test_support.id('on_so')),
    '22023', 'product ON-SO is on open sales order SO-1', 'nor one on an open sales order'
);
SELECT throws_ok(
    format($$SELECT api.delete_product(%L, 7)$$, test_support.id('plain')),
    'SD004', format('product %s was changed by someone else', test_support.id('plain')),
    'a delete at a stale version fails with SD004'
);
-- PLAIN ran out: its out-of-stock alert is open.
DO $$
BEGIN
    PERFORM api.receive_stock('plain-1', test_support.id('plain'), test_support.id('a1'), 1);
    PERFORM api.record_movement('plain-2', 'consumption', test_support.id('plain'), test_support.id('a1'), 1);
END
$$;
SELECT results_eq(
    format($$SELECT alert_type FROM report.open_alerts WHERE product_id = %L$$, test_support.id('plain')),
    $$VALUES ('out_of_stock')$$,
    'a product that ran out has its out-of-stock alert open'
);
SELECT is(api.delete_product(test_support.id('plain'), 1), 2, 'a product without stock or open orders is deleted');
SELECT is_empty(
    format($$SELECT 1 FROM report.open_alerts WHERE product_id = %L$$, test_support.id('plain')),
    'deleting it resolves its alerts, which no movement would clear any more'
);
SELECT isnt(
    (SELECT deleted_at FROM catalog.product WHERE id = test_support.id('plain')), NULL, 'it is marked deleted'
);
SELECT throws_ok(
    format($$SELECT api.receive_stock('plain-in', %L, %L, 1)$$, test_support.id('plain'), test_support.id('a1')),
    'SD404', NULL, 'stock of a deleted product is not received'
);
SELECT throws_ok(
    format($$SELECT api.delete_product(%L, 2)$$, test_support.id('plain')),
    'SD404', format('product %s not found', test_support.id('plain')), 'a deleted product is not deleted again'
);
SELECT isnt(
    api.create_product('PLAIN', 'Plain again'), test_support.id('plain'), 'its SKU can be used for a new product'
);
SELECT is_empty(
    $$SELECT 1 FROM api.search_products('PLAIN') AS s WHERE s.name <> 'Plain again'$$,
    'a search finds the new product only'
);

SELECT throws_ok(
    format($$SELECT api.delete_supplier(%L, 1)$$, test_support.id('sup')),
    '22023', 'supplier SUP has open purchase order PO-1', 'a supplier with an open purchase order is not deleted'
);
DO $$
BEGIN
    PERFORM api.cancel_purchase_order(
        test_support.id('po'), test_support.version_of('procurement.purchase_order', test_support.id('po'))
    );
END
$$;
SELECT throws_ok(
    format($$SELECT api.delete_supplier(%L, 5)$$, test_support.id('sup')),
    'SD004', format('supplier %s was changed by someone else', test_support.id('sup')),
    'a supplier delete at a stale version fails with SD004'
);
SELECT is(api.delete_supplier(test_support.id('sup'), 1), 2, 'once it is cancelled, the supplier is deleted');
SELECT throws_ok(
    format($$SELECT api.create_purchase_order(%L, 'EUR')$$, test_support.id('sup')),
    'SD404', NULL, 'a deleted supplier is not ordered from'
);
SELECT isnt(api.create_supplier('SUP', 'Supplier again'), test_support.id('sup'), 'its code can be used again');
SELECT is(
    api.delete_product(test_support.id('on_po'), 1), 2,
    'the product of the cancelled purchase order can be deleted now'
);

SELECT throws_ok(
    format($$SELECT api.delete_customer(%L, 1)$$, test_support.id('cust')),
    '22023', 'customer C1 has open sales order SO-1', 'a customer with an open sales order is not deleted'
);
DO $$
BEGIN
    PERFORM api.cancel_sales_order(
        test_support.id('so'), test_support.version_of('sales.sales_order', test_support.id('so')), 'test'
    );
END
$$;
SELECT throws_ok(
    format($$SELECT api.delete_customer(%L, 5)$$, test_support.id('cust')),
    'SD004', format('customer %s was changed by someone else', test_support.id('cust')),
    'a customer delete at a stale version fails with SD004'
);
SELECT is(api.delete_customer(test_support.id('cust'), 1), 2, 'once it is cancelled, the customer is deleted');
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-2', %L, %L, 'EUR')$$, test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1, 'unit_price_minor', 1))
    ),
    'SD404', format('customer %s not found', test_support.id('cust')), 'a deleted customer''s order is not taken'
);
-- A shipped order needs nothing more of its customer: a parcel never
-- delivered would otherwise keep it for good.
DO $$
DECLARE
    v_order uuid;
BEGIN
    PERFORM test_support.remember('shipped_to', test_support.make_customer(test_support.default_tenant(), 'C2'));
    v_order := api.create_sales_order(
        'so-3', test_support.id('shipped_to'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1, 'unit_price_minor', 1)),
        'EUR'
    );
    PERFORM api.approve_sales_order(v_order, test_support.version_of('sales.sales_order', v_order));
    PERFORM api.reserve_sales_order('so-3-r', v_order, test_support.id('w'));
    PERFORM api.ship_sales_order('so-3-s', v_order, 'DHL', 'T-3');
END
$$;
SELECT is(
    api.delete_customer(test_support.id('shipped_to'), 1), 2,
    'a customer whose orders are shipped, not yet delivered, is deleted'
);
SELECT throws_ok(
    $$SELECT api.delete_customer('00000000-0000-7000-8000-00000000dead', 1)$$,
    'SD404', 'customer 00000000-0000-7000-8000-00000000dead not found', 'an unknown customer fails with SD404'
);
SELECT throws_ok(
    format($$SELECT api.delete_supplier(%L, NULL)$$, test_support.id('sup')),
    'SD404', NULL, 'so does a deleted supplier'
);
SELECT results_eq(
    format(
        $$SELECT count(*) FROM procurement.purchase_order WHERE supplier_id = %L
          UNION ALL SELECT count(*) FROM sales.sales_order WHERE customer_id = %L$$,
        test_support.id('sup'), test_support.id('cust')
    ),
    $$VALUES (1::bigint), (1::bigint)$$,
    'their documents stay'
);

SELECT * FROM finish();
ROLLBACK;
