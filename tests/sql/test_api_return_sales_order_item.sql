-- api.return_sales_order_item: units of a shipped line come back, under the
-- batch they left in, never more than the line shipped.
BEGIN;
SELECT plan(36);

DO $$
DECLARE
    v_order uuid;
BEGIN
    PERFORM test_support.trading_world();
    -- P in two batches at A1 (3 of the earlier expiry, then 5), K without one.
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 3, 'SOON', '2030-01-01');
    PERFORM api.receive_stock('in-2', test_support.id('p'), test_support.id('a1'), 5, 'LATE', '2031-01-01');
    PERFORM api.receive_stock('in-3', test_support.id('k'), test_support.id('a1'), 10);
    v_order := api.create_sales_order(
        'so-1', test_support.id('cust'),
        jsonb_build_array(
            jsonb_build_object('product_id', test_support.id('p'), 'quantity', 4),
            jsonb_build_object('product_id', test_support.id('k'), 'quantity', 2, 'unit_price_minor', 100)
        )
    );
    PERFORM test_support.remember('so', v_order);
    PERFORM test_support.remember('p-line', (SELECT i.id FROM sales.sales_order_item AS i
                                             WHERE i.sales_order_id = v_order AND i.product_id = test_support.id('p')));
    PERFORM test_support.remember('k-line', (SELECT i.id FROM sales.sales_order_item AS i
                                             WHERE i.sales_order_id = v_order AND i.product_id = test_support.id('k')));
    -- Not shipped yet.
    PERFORM test_support.remember('pending', api.create_sales_order(
        'so-2', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('k'), 'quantity', 1, 'unit_price_minor', 100)),
        'EUR'
    ));
    PERFORM test_support.remember('pending-line', (SELECT i.id FROM sales.sales_order_item AS i
                                                   WHERE i.sales_order_id = test_support.id('pending')));
END
$$;

SELECT throws_ok(
    format($$SELECT api.return_sales_order_item('r-0', %L, %L, 1)$$, test_support.id('pending-line'), test_support.id('q')),
    '22023', format('nothing of sales order line %s has shipped', test_support.id('pending-line')),
    'a line that has not shipped takes nothing back (22023)'
);

DO $$
BEGIN
    PERFORM api.approve_sales_order(test_support.id('so'), test_support.version_of('sales.sales_order', test_support.id('so')));
    PERFORM api.reserve_sales_order('rso-1', test_support.id('so'), test_support.id('w'));
    PERFORM api.ship_sales_order('ship-1', test_support.id('so'), 'DHL', 'RET-1');
END
$$;
SELECT results_eq(
    format($$SELECT b.batch_number, si.quantity FROM logistics.shipment_item AS si
             JOIN catalog.product_batch AS b ON b.id = si.batch_id
             WHERE si.sales_order_item_id = %L ORDER BY 1$$, test_support.id('p-line')),
    $$VALUES ('LATE', 1.000::numeric(14, 3)), ('SOON', 3.000::numeric(14, 3))$$,
    'the P line shipped 3 of SOON and 1 of LATE (FEFO)'
);
SELECT results_eq(
    format(
        $$SELECT b.batch_number, x.quantity_shipped, x.quantity_returned FROM sales.sales_order_item_batch AS x
             LEFT JOIN catalog.product_batch AS b ON b.id = x.batch_id
             WHERE x.sales_order_item_id IN (%L, %L) ORDER BY 1 NULLS FIRST$$,
        test_support.id('p-line'), test_support.id('k-line')
    ),
    $$VALUES (NULL, 2.000::numeric(14, 3), 0.000::numeric(14, 3)), ('LATE', 1.000, 0.000), ('SOON', 3.000, 0.000)$$,
    'shipping keeps what each line shipped per batch, none of it returned yet'
);

-- Several batches: which one is said.
SELECT throws_ok(
    format($$SELECT api.return_sales_order_item('r-1', %L, %L, 1)$$, test_support.id('p-line'), test_support.id('q')),
    '22023', format('batch_id is required: sales order line %s shipped in several batches', test_support.id('p-line')),
    'a line shipped in several batches needs the batch (22023)'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.return_sales_order_item('r-1', %L, %L, 1)$$,
        test_support.id('p-line'), test_support.id('q')
    )),
    'Shipped: LATE 1 (0 returned), SOON 3 (0 returned)',
    'the detail lists what each batch shipped and took back'
);
SELECT throws_ok(
    format(
        $$SELECT api.return_sales_order_item('r-1', %L, %L, 1, %L)$$, test_support.id('p-line'), test_support.id('q'),
        test_support.id('k')
    ),
    '22023', format('batch %s was not shipped on sales order line %s', test_support.id('k'), test_support.id('p-line')),
    'a batch the line did not ship is refused (22023)'
);
SELECT lives_ok(
    format(
        $$SELECT test_support.remember('r-soon', api.return_sales_order_item('r-soon', %L, %L, 2, %L, 'damaged box'))$$,
        test_support.id('p-line'), test_support.id('q'), test_support.batch('SOON')
    ),
    'two of SOON come back into quarantine'
);
SELECT results_eq(
    format($$SELECT movement_type::text, quantity, batch_id, location_id, reference_type, reference_id, reason
             FROM inventory.stock_movement WHERE id = %L$$, test_support.id('r-soon')),
    format(
        $$VALUES ('returned', 2.000::numeric(14, 3), %L::uuid, %L::uuid, 'sales_order_item', %L::uuid, 'damaged box')$$,
        test_support.batch('SOON'), test_support.id('q'), test_support.id('p-line')
    ),
    'a returned movement under the batch they left in, referencing the line'
);
SELECT is(
    api.return_sales_order_item(
        'r-soon', test_support.id('p-line'), test_support.id('q'), 2, test_support.batch('SOON'),
        'damaged box'
    ),
    test_support.id('r-soon'),
    'a retry with the same key returns the same movement, and moves nothing'
);
SELECT is(
    (SELECT count(*) FROM inventory.stock_movement WHERE reference_type = 'sales_order_item'),
    1::bigint,
    'one movement for the two calls'
);
SELECT throws_ok(
    format(
        $$SELECT api.return_sales_order_item('r-soon', %L, %L, 1, %L, 'damaged box')$$,
        test_support.id('p-line'), test_support.id('q'), test_support.batch('SOON')
    ),
    'SD002', 'idempotency key r-soon was already used with other arguments',
    'the key with another quantity fails with SD002'
);
SELECT throws_ok(
    format(
        $$SELECT api.return_sales_order_item('r-2', %L, %L, 2, %L)$$,
        test_support.id('p-line'), test_support.id('q'), test_support.batch('SOON')
    ),
    '22023', format('sales order line %s has 1 left to return, not 2', test_support.id('p-line')),
    'more than the batch shipped less what came back is refused (22023)'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.return_sales_order_item('r-2', %L, %L, 2, %L)$$,
        test_support.id('p-line'), test_support.id('q'), test_support.batch('SOON')
    )),
    'P batch SOON: shipped 3, returned 2.',
    'the detail says what shipped and what came back'
);
-- One batch, or none: it goes without saying.
SELECT lives_ok(
    format($$SELECT api.return_sales_order_item('r-k', %L, %L, 2)$$, test_support.id('k-line'), test_support.id('a1')),
    'a line shipped without a batch takes its units back without one'
);
SELECT throws_ok(
    format($$SELECT api.return_sales_order_item('r-k2', %L, %L, 1)$$, test_support.id('k-line'), test_support.id('a1')),
    '22023', format('sales order line %s has 0 left to return, not 1', test_support.id('k-line')),
    'and no more once all of it is back'
);
SELECT results_eq(
    format('SELECT on_hand FROM api.stock_level(%L)', test_support.id('k')),
    $$VALUES (10::numeric)$$,
    'K is back to what was received'
);
SELECT ok(test_support.books_agree(), 'every balance equals the sum of its ledger rows');
SELECT results_eq(
    format($$SELECT sku, batch_number, quantity, quantity_returned FROM report.shipment_lines
             WHERE sales_order_id = %L ORDER BY sku, batch_number$$, test_support.id('so')),
    $$VALUES ('K', NULL, 2.000::numeric, 2.000::numeric), ('P', 'LATE', 1.000, 0::numeric),
             ('P', 'SOON', 3.000, 2.000)$$,
    'report.shipment_lines shows what each line shipped per batch and what came back'
);
SELECT is(
    (
        SELECT x.quantity_returned FROM sales.sales_order_item_batch AS x
        WHERE x.sales_order_item_id = test_support.id('p-line') AND x.batch_id = test_support.batch('SOON')
    ),
    2.000,
    'the returned movement is added to what the line''s batch took back'
);
SELECT is(
    (SELECT quantity_returned FROM report.sales_order_fulfilment WHERE sales_order_id = test_support.id('so')),
    4.000,
    'report.sales_order_fulfilment counts what came back of the order'
);

-- A product taken out of the range since it was sold: its units still come back.
UPDATE catalog.product SET active = FALSE WHERE id = test_support.id('p');
SELECT lives_ok(
    format(
        $$SELECT api.return_sales_order_item('r-off', %L, %L, 1, %L)$$,
        test_support.id('p-line'), test_support.id('q'), test_support.batch('LATE')
    ),
    'a return of an inactive product is taken'
);
SELECT is(
    (SELECT quantity_returned FROM report.shipment_lines WHERE sku = 'P' AND batch_number = 'LATE'), 1.000,
    'and counted on its line'
);
UPDATE catalog.product SET deleted_at = now() WHERE id = test_support.id('p');
SELECT throws_ok(
    format(
        $$SELECT api.return_sales_order_item('r-del', %L, %L, 1, %L)$$,
        test_support.id('p-line'), test_support.id('q'), test_support.batch('SOON')
    ),
    'SD404', format('product %s not found', test_support.id('p')), 'a deleted product''s return is not'
);
UPDATE catalog.product SET active = TRUE, deleted_at = NULL WHERE id = test_support.id('p');

-- Ledger retention detaches old months: what came back in them still counts.
SELECT lives_ok(
    format(
        $$ALTER TABLE inventory.stock_movement DETACH PARTITION %s$$,
        (SELECT m.tableoid::regclass FROM inventory.stock_movement AS m WHERE m.id = test_support.id('r-soon'))
    ),
    'the month of the first returns is detached'
);
SELECT throws_ok(
    format(
        $$SELECT api.return_sales_order_item('r-after', %L, %L, 2, %L)$$,
        test_support.id('p-line'), test_support.id('q'), test_support.batch('SOON')
    ),
    '22023', format('sales order line %s has 1 left to return, not 2', test_support.id('p-line')),
    'returns in a detached month still count against what shipped'
);
SELECT throws_ok(
    format($$SELECT api.return_sales_order_item('r-k-after', %L, %L, 1)$$, test_support.id('k-line'), test_support.id('a1')),
    '22023', format('sales order line %s has 0 left to return, not 1', test_support.id('k-line')),
    'a line all back before its month was detached takes no more'
);
SELECT lives_ok(
    format(
        $$SELECT api.return_sales_order_item('r-last', %L, %L, 1, %L)$$,
        test_support.id('p-line'), test_support.id('q'), test_support.batch('SOON')
    ),
    'the last unit of SOON still comes back'
);

-- The table holds the rule whatever writes the ledger.
SELECT throws_ok(
    format(
        $$INSERT INTO inventory.stock_movement (tenant_id, movement_type, product_id, batch_id, location_id, quantity,
                                                reference_type, reference_id)
          VALUES (%L, 'returned', %L, %L, %L, 2, 'sales_order_item', %L)$$,
        test_support.default_tenant(), test_support.id('p'), test_support.batch('SOON'), test_support.id('q'),
        test_support.id('p-line')
    ),
    '23514',
    'new row for relation "sales_order_item_batch" violates check constraint "sales_order_item_batch_returned_check"',
    'a returned ledger row beyond what the batch shipped is refused by the table (23514)'
);
SELECT throws_ok(
    format(
        $$INSERT INTO inventory.stock_movement (tenant_id, movement_type, product_id, location_id, quantity,
                                                reference_type, reference_id)
          VALUES (%L, 'returned', %L, %L, 1, 'sales_order_item', %L)$$,
        test_support.default_tenant(), test_support.id('p'), test_support.id('q'), test_support.id('p-line')
    ),
    '23503', format('sales order line %s did not ship without a batch', test_support.id('p-line')),
    'a returned ledger row of a batch the line did not ship is refused (23503)'
);

-- check_integrity compares the kept figures with the shipments and the ledger.
CALL ops.check_integrity();
SELECT is_empty(
    $$SELECT 1 FROM ops.integrity_check_result WHERE check_name = 'sales_line_shipped_returned'$$,
    'the kept figures agree with the shipments and with the returns still attached'
);
SET LOCAL session_replication_role = replica;
UPDATE sales.sales_order_item_batch SET quantity_returned = 0
WHERE sales_order_item_id = test_support.id('p-line') AND batch_id = test_support.batch('SOON');
SET LOCAL session_replication_role = origin;
CALL ops.check_integrity();
SELECT results_eq(
    $$SELECT subject ->> 'sales_order_item_id', finding FROM ops.integrity_check_result
      WHERE check_name = 'sales_line_shipped_returned'$$,
    format(
        $$VALUES (%L, 'kept shipped 3.000 and returned 0.000; shipment items 3.000, attached returns 1.000')$$,
        test_support.id('p-line')
    ),
    'a kept figure below the attached returns is a finding'
);

-- Bad arguments change nothing.
SELECT throws_ok(
    format(
        $$SELECT api.return_sales_order_item('r-3', %L, %L, 0, %L)$$,
        test_support.id('p-line'), test_support.id('q'), test_support.batch('LATE')
    ),
    '22023', 'quantity must be positive', 'a quantity that is not positive is refused (22023)'
);
SELECT throws_ok(
    format($$SELECT api.return_sales_order_item('r-4n', NULL, %L, 1)$$, test_support.id('q')),
    '22023', 'no sales order line given', 'no line at all is a bad argument (22023), not an unknown line'
);
SELECT throws_ok(
    format($$SELECT api.return_sales_order_item('r-4', %L, %L, 1)$$, test_support.id('w'), test_support.id('q')),
    'SD404', format('sales order line %s not found', test_support.id('w')), 'an unknown line fails with SD404'
);
SELECT throws_ok(
    format(
        $$SELECT api.return_sales_order_item('r-5', %L, %L, 1, %L)$$,
        test_support.id('p-line'), test_support.id('w'), test_support.batch('LATE')
    ),
    'SD404', format('location %s not found', test_support.id('w')), 'an unknown location fails with SD404'
);
SELECT set_config('stockdb.tenant_id', '', TRUE);
SELECT throws_ok(
    format(
        $$SELECT api.return_sales_order_item('r-6', %L, %L, 1, %L)$$,
        test_support.id('p-line'), test_support.id('q'), test_support.batch('LATE')
    ),
    '42501', 'no tenant context', 'without a tenant context it fails with 42501'
);

SELECT * FROM finish();
ROLLBACK;
