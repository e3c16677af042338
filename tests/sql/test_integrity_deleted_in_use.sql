-- ops.check_integrity finds what a delete refuses left behind it: stock or
-- an open order line of a deleted product, an open order of a deleted
-- supplier or customer. The api's deletes refuse all of it; a delete that
-- raced past a call's lock is what this would show.
BEGIN;
SELECT plan(3);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.receive_stock('in-p', test_support.id('p'), test_support.id('a1'), 10);
    PERFORM api.reserve_stock('res-p', test_support.id('p'), test_support.id('w'), 2);
    PERFORM test_support.remember('po', api.create_purchase_order(test_support.id('sup'), 'EUR', number => 'PO-1'));
    PERFORM api.add_purchase_order_item(test_support.id('po'), 1, test_support.id('k'), 3, 100);
    PERFORM test_support.remember('so', api.create_sales_order(
        'so-1', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1)),
        number => 'SO-1'
    ));
    -- Deleted through the api, with nothing left behind: no finding.
    PERFORM test_support.remember('gone', test_support.make_product(test_support.default_tenant(), 'GONE'));
    PERFORM api.delete_product(test_support.id('gone'), 1);
END
$$;

CALL ops.check_integrity();
SELECT is_empty(
    $$SELECT 1 FROM ops.integrity_check_result WHERE check_name = 'deleted_still_in_use'$$,
    'live rows in use, and a product deleted through the api, are no finding'
);

-- Deleted past the api's refusals, as a delete racing a call could leave them.
UPDATE catalog.product SET deleted_at = now() WHERE sku IN ('P', 'K');
UPDATE procurement.supplier SET deleted_at = now() WHERE code = 'SUP';
UPDATE sales.customer SET deleted_at = now() WHERE code = 'C1';
CALL ops.check_integrity();
SELECT results_eq(
    $$SELECT subject, finding FROM ops.integrity_check_result
      WHERE check_name = 'deleted_still_in_use' AND run_id = (SELECT max(run_id) FROM ops.integrity_check_result)
      ORDER BY finding$$,
    format(
        $$VALUES (%L::jsonb, 'deleted customer C1 has pending sales order SO-1'),
                 (%L::jsonb, 'deleted product K is on draft purchase order PO-1'),
                 (%L::jsonb, 'deleted product P has on hand 10, reserved 2'),
                 (%L::jsonb, 'deleted product P is on pending sales order SO-1'),
                 (%L::jsonb, 'deleted supplier SUP has draft purchase order PO-1')$$,
        jsonb_build_object('customer_id', test_support.id('cust'), 'sales_order_id', test_support.id('so')),
        jsonb_build_object('product_id', test_support.id('k'), 'purchase_order_id', test_support.id('po')),
        jsonb_build_object('product_id', test_support.id('p')),
        jsonb_build_object('product_id', test_support.id('p'), 'sales_order_id', test_support.id('so')),
        jsonb_build_object('supplier_id', test_support.id('sup'), 'purchase_order_id', test_support.id('po'))
    ),
    'each deleted row still in use is a finding, naming the row and what uses it'
);

-- Closed documents need nothing more of their parties: no finding.
DO $$
BEGIN
    PERFORM api.cancel_purchase_order(
        test_support.id('po'), test_support.version_of('procurement.purchase_order', test_support.id('po'))
    );
    PERFORM api.cancel_sales_order(
        test_support.id('so'), test_support.version_of('sales.sales_order', test_support.id('so')), 'test'
    );
END
$$;
CALL ops.check_integrity();
SELECT results_eq(
    $$SELECT finding FROM ops.integrity_check_result
      WHERE check_name = 'deleted_still_in_use' AND run_id = (SELECT max(run_id) FROM ops.integrity_check_result)$$,
    $$VALUES ('deleted product P has on hand 10, reserved 2')$$,
    'cancelled orders of deleted rows are no finding; the stock still is'
);

SELECT * FROM finish();
ROLLBACK;
