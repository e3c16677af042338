-- Application roles gate the api: each role allowed or refused as
-- auth.api_permission says, checked at the start of every api function.
BEGIN;
SELECT plan(11);

DO $$
DECLARE
    v_role auth.user_role;
BEGIN
    PERFORM test_support.stock_world();
    PERFORM api.set_context(test_support.default_tenant(), NULL);
    PERFORM test_support.remember('sup', test_support.make_supplier(test_support.default_tenant(), 'SUP'));
    FOREACH v_role IN ARRAY enum_range(NULL::auth.user_role) LOOP
        PERFORM test_support.remember(v_role::text, api.create_user(
            v_role || '@example.com', v_role::text,
            supplier_id => CASE WHEN v_role = 'partner' THEN test_support.id('sup') END
        ));
    END LOOP;
END
$$;

CREATE FUNCTION pg_temp.allowed(role_name text, function_name text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM api.set_context(test_support.default_tenant(), test_support.id(role_name));
    PERFORM auth.require_permission(test_support.default_tenant(), function_name);
    RETURN TRUE;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN FALSE;
END
$$;

SELECT is_empty(
    $$SELECT p.function_name, r.role
      FROM auth.api_permission AS p
      CROSS JOIN unnest(enum_range(NULL::auth.user_role)) AS r (role)
      WHERE pg_temp.allowed(r.role::text, p.function_name) IS DISTINCT FROM (r.role = ANY (p.roles))$$,
    'every role is allowed exactly the functions auth.api_permission lists for it'
);
SELECT ok(pg_temp.allowed('warehouse_staff', 'api.record_movement'), 'warehouse_staff move stock');
SELECT ok(
    NOT pg_temp.allowed('warehouse_staff', 'api.submit_purchase_order'),
    'but do not approve purchase orders'
);
SELECT ok(
    pg_temp.allowed('analyst', 'api.stock_level') AND NOT pg_temp.allowed('analyst', 'api.record_movement'),
    'analysts read and change nothing'
);
SELECT ok(NOT pg_temp.allowed('partner', 'api.search_products'), 'partners call no business function yet');

DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), test_support.id('warehouse_staff')); END $$;
SELECT lives_ok(
    $$SELECT api.receive_stock('perm-1', test_support.id('p'), test_support.id('a1'), 3)$$,
    'a warehouse_staff user receives stock through the api'
);
SELECT throws_ok(
    $$SELECT api.create_purchase_order(gen_random_uuid(), 'EUR')$$,
    '42501', 'role warehouse_staff may not call api.create_purchase_order',
    'and is refused a purchase order before its arguments are looked at (the supplier does not exist)'
);
DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), test_support.id('analyst')); END $$;
SELECT throws_ok(
    $$SELECT api.receive_stock('perm-2', test_support.id('p'), test_support.id('a1'), 3)$$,
    '42501', 'role analyst may not call api.receive_stock',
    'an analyst may not receive stock'
);
SELECT is(
    (SELECT count(*)::int FROM inventory.movement_request WHERE idempotency_key = 'perm-2'), 0,
    'and the refused call claimed no idempotency key'
);

UPDATE auth.app_user SET active = FALSE WHERE id = test_support.id('manager');
DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), NULL); END $$;
SELECT throws_ok(
    format(
        $$SELECT api.set_context(%L, %L); SELECT api.stock_level(%L)$$,
        test_support.default_tenant(), test_support.id('manager'), test_support.id('p')
    ),
    '42501', NULL, 'an inactive user is refused whatever the role'
);
DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), NULL); END $$;
SELECT lives_ok(
    format($$SELECT api.stock_level(%L)$$, test_support.id('p')),
    'system work (no user) is not gated'
);

SELECT * FROM finish();
ROLLBACK;
