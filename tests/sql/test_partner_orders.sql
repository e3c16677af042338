-- A partner sees its own supplier's purchase orders and lines, and only
-- those; api.create_user ties a partner, and only a partner, to a supplier.
BEGIN;
SELECT plan(14);

DO $$
DECLARE
    v_po uuid;
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.set_context(test_support.default_tenant(), NULL);
    PERFORM test_support.remember('other', test_support.make_supplier(test_support.default_tenant(), 'OTHER'));
    FOR v_po IN
        SELECT api.create_purchase_order(s.id, 'EUR')
        FROM (VALUES (test_support.id('sup')), (test_support.id('sup')), (test_support.id('other'))) AS s (id)
    LOOP
        PERFORM api.add_purchase_order_item(
            v_po, test_support.version_of('procurement.purchase_order', v_po), test_support.id('p'), 5, 100
        );
    END LOOP;
    PERFORM test_support.remember('partner', api.create_user(
        'rep@sup.example', 'partner', supplier_id => test_support.id('sup')
    ));
    PERFORM test_support.remember('manager', api.create_user('boss@example.com', 'manager'));
    PERFORM test_support.remember('loose', api.create_user('loose@example.com', 'analyst'));
    -- A partner made before supplier_id existed: tied to no supplier.
    INSERT INTO auth.app_user (tenant_id, email, role)
    VALUES (test_support.default_tenant(), 'old@partner.example', 'partner');
END
$$;

CREATE FUNCTION pg_temp.orders_seen(user_key text) RETURNS TABLE (supplier_code text, orders bigint, lines bigint)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM api.set_context(
        test_support.default_tenant(),
        CASE WHEN user_key = 'old' THEN (SELECT u.id FROM auth.app_user AS u WHERE u.email = 'old@partner.example')
             ELSE test_support.id(user_key) END
    );
    RETURN QUERY
    SELECT s.supplier_code, s.orders, s.lines FROM (
        SELECT v.supplier_code::text AS supplier_code, count(*) AS orders, sum(v.line_count)::bigint AS lines
        FROM report.purchase_order_status AS v GROUP BY v.supplier_code
    ) AS s ORDER BY 1;
END
$$;

SELECT results_eq(
    $$SELECT * FROM pg_temp.orders_seen('manager')$$,
    $$VALUES ('OTHER', 1::bigint, 1::bigint), ('SUP', 2, 2)$$,
    'a manager sees every supplier''s purchase orders'
);
SELECT results_eq(
    $$SELECT * FROM pg_temp.orders_seen('partner')$$,
    $$VALUES ('SUP', 2::bigint, 2::bigint)$$,
    'the partner of SUP sees SUP''s orders and their lines only'
);
SELECT is_empty(
    $$SELECT * FROM pg_temp.orders_seen('old')$$,
    'a partner tied to no supplier sees no purchase order'
);
SELECT results_eq(
    $$SELECT count(*) FROM pg_temp.orders_seen('loose')$$,
    $$VALUES (2::bigint)$$,
    'other roles are not narrowed'
);

-- report.reorder_suggestions runs past row security and counts every
-- supplier's open orders: a partner sees none of it, a manager sees it.
DO $$
BEGIN
    UPDATE catalog.product SET reorder_point = 100 WHERE id = test_support.id('p');
    PERFORM api.set_context(test_support.default_tenant(), NULL);
    PERFORM api.receive_stock('po-partner-in', test_support.id('p'), test_support.id('a1'), 5);
    PERFORM api.set_context(test_support.default_tenant(), test_support.id('manager'));
END
$$;
SELECT isnt_empty(
    $$SELECT * FROM report.reorder_suggestions$$,
    'a manager sees the reorder suggestion for P'
);
DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), test_support.id('partner')); END $$;
SELECT is_empty(
    $$SELECT * FROM report.reorder_suggestions$$,
    'a partner sees no reorder suggestion (they count other suppliers'' orders)'
);
SELECT results_eq(
    $$SELECT code FROM report.suppliers$$,
    $$VALUES ('SUP')$$,
    'a partner sees its own supplier in report.suppliers, and no other'
);
SELECT results_eq(
    $$SELECT count(*) FROM report.purchase_order_lines$$,
    $$VALUES (2::bigint)$$,
    'and its own supplier''s order lines in report.purchase_order_lines'
);
DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), test_support.id('manager')); END $$;
SELECT results_eq(
    $$SELECT code FROM report.suppliers ORDER BY code$$,
    $$VALUES ('OTHER'), ('SUP')$$,
    'a manager sees every supplier'
);

DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), NULL); END $$;
SELECT throws_ok(
    $$SELECT api.create_user('x@sup.example', 'partner')$$,
    '22023', 'a partner, and only a partner, belongs to a supplier',
    'a partner without a supplier is refused'
);
SELECT throws_ok(
    format($$SELECT api.create_user('y@sup.example', 'sales', supplier_id => %L)$$, test_support.id('sup')),
    '22023', 'a partner, and only a partner, belongs to a supplier',
    'as is a supplier for any other role'
);
SELECT throws_ok(
    $$SELECT api.create_user('z@sup.example', 'partner', supplier_id => gen_random_uuid())$$,
    'SD404', NULL,
    'and a supplier the tenant does not have'
);
SELECT throws_ok(
    format(
        $$UPDATE auth.app_user SET supplier_id = %L WHERE id = %L$$,
        test_support.id('sup'), test_support.id('manager')
    ),
    '23514', NULL,
    'the table holds the rule too: only a partner has a supplier'
);
SELECT is(
    (SELECT supplier_id FROM auth.app_user WHERE id = test_support.id('partner')), test_support.id('sup'),
    'the partner is stored with its supplier'
);

SELECT * FROM finish();
ROLLBACK;
