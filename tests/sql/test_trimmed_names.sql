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

-- The update calls, and each name's table.
CREATE TEMP TABLE named (call, id_key, tbl, col, given) AS VALUES
('update_product', 'p', 'catalog.product', 'name', ' Part'),
('update_warehouse', 'w', 'warehouse.warehouse', 'name', 'Main '),
('update_supplier', 'sup', 'procurement.supplier', 'name', ' Supplier'),
('update_customer', 'cust', 'sales.customer', 'name', 'Customer '),
('update_carrier', 'dhl', 'logistics.carrier', 'name', ' DHL'),
('update_user', 'u', 'auth.app_user', 'display_name', ' Clerk');

SELECT
    throws_ok(
        format(
            'SELECT api.%s(%L, %s, %s => %L)', n.call, test_support.id(n.id_key),
            test_support.version_of(n.tbl::regclass, test_support.id(n.id_key)), n.col, n.given
        ),
        '22023', n.col || ' cannot begin or end with a blank', n.call || ' refuses it'
    )
FROM named AS n ORDER BY n.call;
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, %s, name => '  ')$$,
        test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p'))
    ),
    '22023', 'name must not be blank', 'update_product still says a name of blanks only is blank'
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
SELECT
    throws_ok(
        format('UPDATE %s SET %I = %L WHERE id = %L', n.tbl, n.col, n.given, test_support.id(n.id_key)),
        '23514', NULL, n.tbl || ' refuses it from any writer'
    )
FROM named AS n ORDER BY n.call;
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
