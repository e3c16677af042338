-- procurement: suppliers, purchase orders, their totals and statuses.
BEGIN;
SELECT plan(13);

SELECT has_table('procurement', t, format('procurement.%s exists', t))
FROM unnest(ARRAY['supplier', 'purchase_order', 'purchase_order_item']) AS t;

DO $$
DECLARE
    v_po uuid;
BEGIN
    PERFORM test_support.remember('acme', test_support.make_tenant('acme'));
    PERFORM test_support.remember('sup', test_support.make_supplier(test_support.id('acme'), 'SUP'));
    PERFORM test_support.remember('p', test_support.make_product(test_support.id('acme'), 'P-1'));
    PERFORM test_support.remember('q', test_support.make_product(test_support.id('acme'), 'Q-1'));
    INSERT INTO procurement.purchase_order (tenant_id, number, supplier_id, currency)
    VALUES (test_support.id('acme'), 'PO-1', test_support.id('sup'), 'EUR')
    RETURNING id INTO v_po;
    PERFORM test_support.remember('po', v_po);
END
$$;

INSERT INTO procurement.purchase_order_item (tenant_id, purchase_order_id, product_id, quantity_ordered, unit_cost_minor)
VALUES
(test_support.id('acme'), test_support.id('po'), test_support.id('p'), 10, 250),
(test_support.id('acme'), test_support.id('po'), test_support.id('q'), 2.5, 1001);

SELECT is(
    (SELECT total_minor FROM procurement.purchase_order WHERE id = test_support.id('po')),
    5003::bigint,
    'the order total is the sum of its line totals (2500 + 2502.5 rounded)'
);
UPDATE procurement.purchase_order_item SET quantity_ordered = 20 WHERE product_id = test_support.id('p');
SELECT is(
    (SELECT total_minor FROM procurement.purchase_order WHERE id = test_support.id('po')),
    7503::bigint,
    'changing a line''s quantity changes the order total'
);
DELETE FROM procurement.purchase_order_item WHERE product_id = test_support.id('q');
SELECT is(
    (SELECT total_minor FROM procurement.purchase_order WHERE id = test_support.id('po')),
    (SELECT sum(line_total_minor)::bigint FROM procurement.purchase_order_item),
    'deleting a line takes it out of the order total'
);
SELECT throws_ok(
    'UPDATE procurement.purchase_order_item SET quantity_received = 21',
    '23514',
    'new row for relation "purchase_order_item" violates check constraint "purchase_order_item_quantity_received_check"',
    'more cannot be received than was ordered'
);
SELECT throws_ok(
    'UPDATE procurement.purchase_order_item SET quantity_ordered = 0',
    '23514',
    'new row for relation "purchase_order_item" violates check constraint "purchase_order_item_quantity_ordered_check"',
    'a line orders a positive quantity'
);
SELECT throws_ok(
    format(
        $$UPDATE procurement.purchase_order SET status = 'received', received_at = now() WHERE id = %L$$,
        test_support.id('po')
    ),
    'SD003',
    format('purchase_order %s cannot go from draft to received', test_support.id('po')),
    'a draft purchase order cannot jump to received'
);
SELECT throws_ok(
    format(
        $$UPDATE procurement.purchase_order SET status = 'ordered' WHERE id = %L$$, test_support.id('po')
    ),
    '23514',
    'new row for relation "purchase_order" violates check constraint "purchase_order_ordered_status_check"',
    'an ordered purchase order says when it was ordered'
);
SELECT lives_ok(
    format(
        $$UPDATE procurement.purchase_order SET status = 'ordered', ordered_at = now() WHERE id = %L$$,
        test_support.id('po')
    ),
    'draft to ordered is allowed'
);
SELECT throws_ok(
    format(
        $$UPDATE procurement.purchase_order SET expected_at = now() - interval '1 day' WHERE id = %L$$,
        test_support.id('po')
    ),
    '23514',
    'new row for relation "purchase_order" violates check constraint "purchase_order_expected_at_check"',
    'a purchase order cannot be expected before it was ordered'
);
SELECT throws_ok(
    format(
        $$INSERT INTO procurement.purchase_order (tenant_id, number, supplier_id, currency) VALUES (%L, 'PO-1', %L, 'EUR')$$,
        test_support.id('acme'), test_support.id('sup')
    ),
    '23505',
    'duplicate key value violates unique constraint "purchase_order_number_key"',
    'purchase order numbers are unique per tenant'
);

SELECT * FROM finish();
ROLLBACK;
