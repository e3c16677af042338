-- A code, SKU, name or number already taken: the api's calls failed with the
-- unique index's bare 23505, its message naming the index and, row security
-- hiding the key, no DETAIL and no HINT. Each now says which value is taken
-- and what to do, with the same SQLSTATE and the same constraint name in the
-- error's constraint field.
BEGIN;
SELECT plan(18);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM test_support.remember('po', api.create_purchase_order(test_support.id('sup'), 'EUR', number => 'PO-1'));
    PERFORM test_support.remember('so', api.create_sales_order(
        'so-1', test_support.id('cust'),
        jsonb_build_array(
            jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1, 'unit_price_minor', 100),
            jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1, 'unit_price_minor', 100)
        ),
        'EUR', number => 'SO-1'
    ));
    PERFORM api.create_category('Tools');
    PERFORM test_support.remember('hand', api.create_category('Hand'));
END
$$;

-- What each call raised: its message, DETAIL, HINT and constraint.
CREATE TEMP TABLE taken (call text, message text, detail text, hint text, constraint_name text) ON COMMIT DROP;
DO $$
DECLARE
    v_call text;
    v_message text;
    v_detail text;
    v_hint text;
    v_constraint text;
BEGIN
    FOREACH v_call IN ARRAY ARRAY[
        $c$SELECT api.create_warehouse('W', 'Again')$c$,
        format($c$SELECT api.create_location(%L, 'A1')$c$, test_support.id('w')),
        $c$SELECT api.create_category('Tools')$c$,
        $c$SELECT api.create_product('P', 'Again')$c$,
        $c$SELECT api.create_supplier('SUP', 'Again')$c$,
        $c$SELECT api.create_customer('C1', 'Again')$c$,
        $c$SELECT api.create_carrier('DHL', 'Again')$c$,
        format($c$SELECT api.create_purchase_order(%L, 'EUR', number => 'PO-1')$c$, test_support.id('sup')),
        format(
            $c$SELECT api.create_sales_order('so-2', %L, %L, 'EUR', number => 'SO-1')$c$, test_support.id('cust'),
            jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1))
        ),
        format(
            $c$SELECT api.split_sales_order('sp-1', %L, %s, %L, number => 'SO-1')$c$, test_support.id('so'),
            test_support.version_of('sales.sales_order', test_support.id('so')),
            jsonb_build_array(jsonb_build_object('item_id', (
                SELECT i.id FROM sales.sales_order_item AS i WHERE i.product_id = test_support.id('k')
            )))
        )
    ] LOOP
        BEGIN
            EXECUTE v_call;
            INSERT INTO taken VALUES (v_call, 'no error', NULL, NULL, NULL);
        EXCEPTION WHEN unique_violation THEN
            GET STACKED DIAGNOSTICS v_message = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL,
                                    v_hint = PG_EXCEPTION_HINT, v_constraint = CONSTRAINT_NAME;
            INSERT INTO taken VALUES (v_call, v_message, v_detail, v_hint, v_constraint);
        END;
    END LOOP;
END
$$;

SELECT results_eq(
    $$SELECT message, constraint_name FROM taken ORDER BY call$$,
    $$VALUES
        ('carrier code DHL is already used', 'carrier_code_key'),
        ('category Tools already exists there', 'product_category_name_key'),
        ('customer code C1 is already used', 'customer_code_live_key'),
        ('location code A1 is already used in warehouse W', 'location_code_key'),
        ('SKU P is already used', 'product_sku_live_key'),
        ('purchase order number PO-1 is already used', 'purchase_order_number_key'),
        ('sales order number SO-1 is already used', 'sales_order_number_key'),
        ('supplier code SUP is already used', 'supplier_code_live_key'),
        ('warehouse code W is already used', 'warehouse_code_key'),
        ('sales order number SO-1 is already used', 'sales_order_number_key')$$,
    'each create call names the value taken, and the constraint as the bare 23505 did'
);
SELECT is(
    (SELECT count(*) FROM taken WHERE detail <> '' AND hint <> ''),
    10::bigint,
    'and each has a DETAIL and a HINT'
);
SELECT is(
    (SELECT hint FROM taken WHERE call LIKE '%create_product%'),
    'Pass another SKU; api.update_product changes the existing product.',
    'the product''s HINT says what to do'
);
SELECT throws_ok(
    format($$SELECT api.update_category(%L, 1, name => 'Tools')$$, test_support.id('hand')),
    '23505', 'category Tools already exists there', 'update_category: a rename onto a name taken there'
);
SELECT is(
    test_support.error_hint(format($$SELECT api.update_category(%L, 1, name => 'Tools')$$, test_support.id('hand'))),
    'Pass another name, or move the category under another parent.',
    'with its HINT'
);
SELECT throws_ok(
    $$SELECT api.create_warehouse('W', 'Again')$$,
    '23505', 'warehouse code W is already used', 'create_warehouse: a code taken is 23505'
);
SELECT throws_ok(
    format($$SELECT api.create_location(%L, 'A1')$$, test_support.id('w')),
    '23505', 'location code A1 is already used in warehouse W', 'create_location: a code taken in the warehouse'
);
SELECT lives_ok(
    format($$SELECT api.create_location(%L, 'A1')$$, test_support.id('w2')),
    'the same location code in another warehouse is taken'
);
SELECT throws_ok(
    $$SELECT api.create_supplier('SUP', 'Again')$$,
    '23505', 'supplier code SUP is already used', 'create_supplier: a code taken'
);
SELECT throws_ok(
    $$SELECT api.create_customer('C1', 'Again')$$,
    '23505', 'customer code C1 is already used', 'create_customer: a code taken'
);
SELECT throws_ok(
    $$SELECT api.create_carrier('DHL', 'Again')$$,
    '23505', 'carrier code DHL is already used', 'create_carrier: a code taken'
);
SELECT throws_ok(
    format(
        $$SELECT api.create_sales_order('so-3', %L, %L, 'EUR', number => 'SO-1')$$, test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1))
    ),
    '23505', 'sales order number SO-1 is already used', 'create_sales_order: a number taken'
);
SELECT throws_ok(
    format(
        $$SELECT api.split_sales_order('sp-2', %L, %s, %L, number => 'SO-1')$$, test_support.id('so'),
        test_support.version_of('sales.sales_order', test_support.id('so')),
        jsonb_build_array(jsonb_build_object('item_id', (
            SELECT i.id FROM sales.sales_order_item AS i WHERE i.product_id = test_support.id('k')
        )))
    ),
    '23505', 'sales order number SO-1 is already used', 'split_sales_order: a number taken'
);
SELECT is(
    (SELECT count(*) FROM sales.sales_order),
    1::bigint,
    'the refused orders left no order behind'
);
SELECT is(
    (SELECT count(*) FROM inventory.movement_request WHERE idempotency_key IN ('so-2', 'so-3', 'sp-1', 'sp-2')),
    0::bigint,
    'nor a claim on their keys: a retry with another number goes through'
);
DO $$
BEGIN
    -- Its open purchase order keeps it; cancelled, the supplier can go.
    PERFORM api.cancel_purchase_order(
        test_support.id('po'), test_support.version_of('procurement.purchase_order', test_support.id('po'))
    );
    PERFORM api.delete_supplier(
        test_support.id('sup'), test_support.version_of('procurement.supplier', test_support.id('sup'))
    );
END
$$;
SELECT lives_ok(
    $$SELECT api.create_supplier('SUP', 'New')$$,
    'a deleted supplier''s code is free again'
);
SELECT lives_ok(
    $$SELECT api.create_warehouse('W3', 'New')$$,
    'a code not taken goes through as before'
);
SELECT ok(
    (SELECT count(*) = 2 FROM warehouse.warehouse WHERE code IN ('W', 'W3')),
    'and no second W was made'
);

SELECT * FROM finish();
ROLLBACK;
