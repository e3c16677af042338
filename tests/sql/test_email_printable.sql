-- Emails hold no control character (0056): the tables' CHECKs let a bell or an
-- escape through where they refused only whitespace.
BEGIN;
SELECT plan(4);

DO $$
BEGIN
    PERFORM test_support.remember('acme', test_support.make_tenant('acme'));
    PERFORM test_support.remember('sup', test_support.make_supplier(test_support.id('acme'), 'SUP'));
    PERFORM test_support.remember('cus', test_support.make_customer(test_support.id('acme'), 'CUS'));
END
$$;

SELECT throws_ok(
    format(
        'UPDATE procurement.supplier SET email = %L WHERE id = %L', 'ring' || chr(7) || '@x.example',
        test_support.id('sup')
    ),
    '23514', 'new row for relation "supplier" violates check constraint "supplier_email_printable_check"',
    'a supplier''s email has no control character'
);
SELECT throws_ok(
    format(
        'UPDATE sales.customer SET email = %L WHERE id = %L', 'esc' || chr(27) || '[2J@x.example',
        test_support.id('cus')
    ),
    '23514', 'new row for relation "customer" violates check constraint "customer_email_printable_check"',
    'nor a customer''s'
);
SELECT throws_ok(
    format(
        'INSERT INTO auth.app_user (tenant_id, email, role) VALUES (%L, %L, ''sales'')',
        test_support.id('acme'), 'del' || chr(127) || '@x.example'
    ),
    '23514', 'new row for relation "app_user" violates check constraint "app_user_email_printable_check"',
    'nor a user''s'
);
SELECT lives_ok(
    format('UPDATE sales.customer SET email = %L WHERE id = %L', 'zoë.ünïcode@x.example', test_support.id('cus')),
    'letters beyond ASCII stay allowed'
);

SELECT * FROM finish();
ROLLBACK;
