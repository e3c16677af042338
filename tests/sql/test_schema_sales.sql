-- sales: customers, sales orders, their totals, timeline and statuses.
BEGIN;
SELECT plan(12);

SELECT has_table('sales', t, format('sales.%s exists', t))
FROM unnest(ARRAY['customer', 'sales_order', 'sales_order_item']) AS t;

DO $$
DECLARE
    v_so uuid;
BEGIN
    PERFORM test_support.remember('acme', test_support.make_tenant('acme'));
    PERFORM test_support.remember('other', test_support.make_tenant('other'));
    PERFORM test_support.remember('cust', test_support.make_customer(test_support.id('acme'), 'C1'));
    PERFORM test_support.remember('p', test_support.make_product(test_support.id('acme'), 'P-1'));
    PERFORM test_support.remember('theirs', test_support.make_product(test_support.id('other'), 'P-1'));
    INSERT INTO sales.sales_order (tenant_id, number, customer_id, currency, shipping_minor, tax_minor, total_minor)
    VALUES (test_support.id('acme'), 'SO-1', test_support.id('cust'), 'EUR', 500, 100, 600)
    RETURNING id INTO v_so;
    PERFORM test_support.remember('so', v_so);
END
$$;

INSERT INTO sales.sales_order_item (tenant_id, sales_order_id, product_id, quantity, unit_price_minor)
VALUES (test_support.id('acme'), test_support.id('so'), test_support.id('p'), 3, 1999);

SELECT results_eq(
    format('SELECT subtotal_minor, total_minor FROM sales.sales_order WHERE id = %L', test_support.id('so')),
    $$VALUES (5997::bigint, 6597::bigint)$$,
    'adding a line keeps subtotal = sum of lines and total = subtotal + shipping + tax'
);
DELETE FROM sales.sales_order_item;
SELECT results_eq(
    format('SELECT subtotal_minor, total_minor FROM sales.sales_order WHERE id = %L', test_support.id('so')),
    $$VALUES (0::bigint, 600::bigint)$$,
    'removing the last line brings the subtotal back to zero'
);
SELECT throws_ok(
    format('UPDATE sales.sales_order SET total_minor = 1 WHERE id = %L', test_support.id('so')),
    '23514',
    'new row for relation "sales_order" violates check constraint "sales_order_total_check"',
    'a total other than subtotal + shipping + tax is refused'
);
SELECT throws_ok(
    format(
        $$INSERT INTO sales.sales_order_item (tenant_id, sales_order_id, product_id, quantity, unit_price_minor)
          VALUES (%L, %L, %L, 1, 1)$$,
        test_support.id('other'), test_support.id('so'), test_support.id('theirs')
    ),
    '23503',
    'insert or update on table "sales_order_item" violates foreign key constraint "sales_order_item_order_fkey"',
    'a line cannot be added to another tenant''s order'
);
SELECT throws_ok(
    format(
        $$UPDATE sales.sales_order SET status = 'shipped', approved_at = now(), shipped_at = now() WHERE id = %L$$,
        test_support.id('so')
    ),
    'SD003',
    format('sales_order %s cannot go from pending to shipped', test_support.id('so')),
    'a pending order cannot jump to shipped'
);
UPDATE sales.sales_order SET status = 'approved', approved_at = now() WHERE id = test_support.id('so');
UPDATE sales.sales_order SET status = 'processing' WHERE id = test_support.id('so');
SELECT throws_ok(
    format(
        $$UPDATE sales.sales_order SET status = 'shipped', shipped_at = approved_at - interval '1 hour' WHERE id = %L$$,
        test_support.id('so')
    ),
    '23514',
    'new row for relation "sales_order" violates check constraint "sales_order_shipped_at_check"',
    'an order cannot ship before it was approved'
);
SELECT lives_ok(
    format(
        $$UPDATE sales.sales_order SET status = 'shipped', shipped_at = now() WHERE id = %L$$,
        test_support.id('so')
    ),
    'pending → approved → processing → shipped is allowed'
);
SELECT throws_ok(
    format(
        $$UPDATE sales.sales_order SET status = 'cancelled', cancelled_at = now() WHERE id = %L$$,
        test_support.id('so')
    ),
    'SD003',
    format('sales_order %s cannot go from shipped to cancelled', test_support.id('so')),
    'a shipped order cannot be cancelled while it has no cancelled shipment'
);
SELECT throws_ok(
    format(
        $$INSERT INTO sales.sales_order (tenant_id, number, customer_id, currency, approved_at, created_at)
          VALUES (%L, 'SO-2', %L, 'EUR', '2026-01-01', '2026-02-01')$$,
        test_support.id('acme'), test_support.id('cust')
    ),
    '23514',
    'new row for relation "sales_order" violates check constraint "sales_order_approved_at_check"',
    'an order cannot be approved before it was created'
);

SELECT * FROM finish();
ROLLBACK;
