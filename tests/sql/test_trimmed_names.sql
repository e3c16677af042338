-- A name neither begins nor ends with a blank. api.create_product stored
-- ' Widget ', which reads and sorts as another 'Widget' and which no sheet
-- can name, since the import trims its cells. Each api call that takes a
-- name says 22023 (ops.require_trimmed), and the tables refuse it from any
-- writer (migration 0061), as a category's name already was.
BEGIN;
SELECT plan(29);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM test_support.remember('u', api.create_user('clerk@example.com', 'sales', display_name => 'Clerk'));
END
$$;

-- The create calls.
SELECT throws_ok(
    $$SELECT api.create_product('T-1', ' Widget')$$,
    '22023', 'name cannot begin or end with a blank', 'create_product refuses a name with a blank before it'
);
SELECT throws_ok(
    $$SELECT api.create_product('T-1', 'Widget ')$$,
    '22023', 'name cannot begin or end with a blank', 'and one with a blank after it'
);
SELECT is(
    test_support.error_detail($$SELECT api.create_product('T-1', 'Widget ')$$),
    'name => ''Widget ''.', 'its DETAIL shows the name quoted, blanks and all'
);
SELECT is(
    test_support.error_hint($$SELECT api.create_product('T-1', 'Widget ')$$),
    'Pass the name without blanks before or after it.', 'its HINT says what to pass'
);
SELECT throws_ok(
    $$SELECT api.create_product('T-1', '   ')$$,
    '22023', 'name is missing or malformed', 'a name of blanks only is still a missing name'
);
SELECT throws_ok(
    $$SELECT api.create_warehouse('T-W', ' Depot ')$$,
    '22023', 'name cannot begin or end with a blank', 'create_warehouse refuses it'
);
SELECT throws_ok(
    $$SELECT api.create_supplier('T-S', ' Acme')$$,
    '22023', 'name cannot begin or end with a blank', 'create_supplier refuses it'
);
SELECT throws_ok(
    $$SELECT api.create_customer('T-C', 'Northwind ')$$,
    '22023', 'name cannot begin or end with a blank', 'create_customer refuses it'
);
SELECT throws_ok(
    $$SELECT api.create_carrier('T-K', ' Post')$$,
    '22023', 'name cannot begin or end with a blank', 'create_carrier refuses it'
);
SELECT throws_ok(
    $$SELECT api.create_user('new@example.com', 'sales', display_name => 'Ann ')$$,
    '22023', 'display_name cannot begin or end with a blank', 'create_user refuses a display name with one'
);
SELECT is(
    (SELECT count(*) FROM catalog.product WHERE sku = 'T-1')
    + (SELECT count(*) FROM warehouse.warehouse WHERE code = 'T-W')
    + (SELECT count(*) FROM procurement.supplier WHERE code = 'T-S')
    + (SELECT count(*) FROM sales.customer WHERE code = 'T-C')
    + (SELECT count(*) FROM logistics.carrier WHERE code = 'T-K')
    + (SELECT count(*) FROM auth.app_user WHERE email = 'new@example.com'),
    0::bigint, 'none of them made anything'
);
SELECT lives_ok(
    $$SELECT api.create_product('T-2', 'Widget  large')$$,
    'blanks inside a name are the name''s own'
);

-- The update calls.
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, %s, name => ' Part')$$,
        test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p'))
    ),
    '22023', 'name cannot begin or end with a blank', 'update_product refuses it'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, %s, name => '  ')$$,
        test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p'))
    ),
    '22023', 'name must not be blank', 'and still says a name of blanks only is blank'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_warehouse(%L, %s, name => 'Main ')$$,
        test_support.id('w'), test_support.version_of('warehouse.warehouse', test_support.id('w'))
    ),
    '22023', 'name cannot begin or end with a blank', 'update_warehouse refuses it'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_supplier(%L, %s, name => ' Supplier')$$,
        test_support.id('sup'), test_support.version_of('procurement.supplier', test_support.id('sup'))
    ),
    '22023', 'name cannot begin or end with a blank', 'update_supplier refuses it'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_customer(%L, %s, name => 'Customer ')$$,
        test_support.id('cust'), test_support.version_of('sales.customer', test_support.id('cust'))
    ),
    '22023', 'name cannot begin or end with a blank', 'update_customer refuses it'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_carrier(%L, %s, name => ' DHL')$$,
        test_support.id('dhl'), test_support.version_of('logistics.carrier', test_support.id('dhl'))
    ),
    '22023', 'name cannot begin or end with a blank', 'update_carrier refuses it'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_user(%L, %s, display_name => ' Clerk')$$,
        test_support.id('u'), test_support.version_of('auth.app_user', test_support.id('u'))
    ),
    '22023', 'display_name cannot begin or end with a blank', 'update_user refuses it'
);
SELECT is(
    (SELECT count(*) FROM catalog.product WHERE name <> btrim(name))
    + (SELECT count(*) FROM warehouse.warehouse WHERE name <> btrim(name))
    + (SELECT count(*) FROM procurement.supplier WHERE name <> btrim(name))
    + (SELECT count(*) FROM sales.customer WHERE name <> btrim(name))
    + (SELECT count(*) FROM logistics.carrier WHERE name <> btrim(name))
    + (SELECT count(*) FROM auth.app_user WHERE display_name <> btrim(display_name)),
    0::bigint, 'no name was changed to one with blanks around it'
);
SELECT lives_ok(
    format(
        $$SELECT api.update_product(%L, %s, name => 'Part  P')$$,
        test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p'))
    ),
    'update_product takes a name with blanks inside'
);

-- The tables, whoever writes.
SELECT throws_ok(
    format($$UPDATE catalog.product SET name = 'Part ' WHERE id = %L$$, test_support.id('p')),
    '23514', NULL, 'catalog.product refuses a name with blanks around it'
);
SELECT throws_ok(
    format($$UPDATE warehouse.warehouse SET name = ' W' WHERE id = %L$$, test_support.id('w')),
    '23514', NULL, 'warehouse.warehouse refuses it'
);
SELECT throws_ok(
    format($$UPDATE procurement.supplier SET name = ' S' WHERE id = %L$$, test_support.id('sup')),
    '23514', NULL, 'procurement.supplier refuses it'
);
SELECT throws_ok(
    format($$UPDATE sales.customer SET name = 'C ' WHERE id = %L$$, test_support.id('cust')),
    '23514', NULL, 'sales.customer refuses it'
);
SELECT throws_ok(
    format($$UPDATE logistics.carrier SET name = 'D ' WHERE id = %L$$, test_support.id('dhl')),
    '23514', NULL, 'logistics.carrier refuses it'
);
SELECT throws_ok(
    format($$UPDATE auth.app_user SET display_name = ' Clerk' WHERE id = %L$$, test_support.id('u')),
    '23514', NULL, 'auth.app_user refuses a display name with them'
);
SELECT throws_ok(
    $$UPDATE auth.tenant SET name = name || ' ' WHERE id = test_support.default_tenant()$$,
    '23514', NULL, 'auth.tenant refuses a name with them'
);
SELECT lives_ok(
    $$SELECT ops.create_tenant('trimmed', '  Trimmed Ltd  ')$$,
    'ops.create_tenant still trims the name it is given'
);

SELECT * FROM finish();
ROLLBACK;
