-- A partner (a supplier's person) reads its own supplier's purchase orders
-- and what they name, and nothing else of the tenant: row security's
-- partner_scope hides sales, stock, costs and the rest in every report.
-- Read as stockdb_app, the role applications connect as.
BEGIN;
SELECT plan(9);

DO $$
DECLARE
    v_po uuid;
BEGIN
    PERFORM test_support.trading_world();
    PERFORM test_support.make_category(test_support.default_tenant(), 'Tools');
    PERFORM api.set_context(test_support.default_tenant(), NULL);
    v_po := api.create_purchase_order(test_support.id('sup'), 'EUR');
    PERFORM api.add_purchase_order_item(
        v_po, test_support.version_of('procurement.purchase_order', v_po), test_support.id('p'), 5, 100
    );
    PERFORM api.receive_stock('in-p', test_support.id('p'), test_support.id('a1'), 50, 'B1', '2031-01-01', unit_cost_minor => 250, currency => 'EUR');
    PERFORM api.receive_stock('in-k', test_support.id('k'), test_support.id('a1'), 40);
    PERFORM api.record_movement('use-k', 'consumption', test_support.id('k'), test_support.id('a1'), 2);
    PERFORM api.reserve_stock('res-k', test_support.id('k'), test_support.id('w'), 3);
    PERFORM api.create_sales_order('so-1', test_support.id('cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id('p'), 'quantity', 1, 'unit_price_minor', 1999)));
    PERFORM test_support.remember('partner', api.create_user(
        'rep@sup.example', 'partner', supplier_id => test_support.id('sup')
    ));
    PERFORM test_support.remember('manager', api.create_user('boss@example.com', 'manager'));
    PERFORM ops.refresh_movement_daily();
    PERFORM test_support.open_to_app();
END
$$;
REFRESH MATERIALIZED VIEW ops.slow_movers;
REFRESH MATERIALIZED VIEW ops.inventory_turnover;

-- Every relation of the report schema that shows the caller a row, from the catalogue.
CREATE FUNCTION pg_temp.reports_with_rows() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    v_name text;
    v_any boolean;
BEGIN
    FOR v_name IN
        SELECT c.relname::text FROM pg_class AS c
        WHERE c.relnamespace = 'report'::regnamespace AND c.relkind IN ('r', 'v', 'm')
        ORDER BY 1
    LOOP
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM report.%I)', v_name) INTO v_any;
        IF v_any THEN
            RETURN NEXT v_name;
        END IF;
    END LOOP;
END
$$;
GRANT EXECUTE ON FUNCTION pg_temp.reports_with_rows() TO stockdb_app;

SET LOCAL ROLE stockdb_app;

SELECT api.set_context(test_support.default_tenant(), test_support.id('manager'));
SELECT results_eq(
    $$SELECT * FROM pg_temp.reports_with_rows()
      WHERE reports_with_rows IN ('batch_expiry', 'batches', 'carriers', 'customers', 'inventory_turnover',
                                  'locations', 'movement_daily', 'reservations', 'sales_order_fulfilment',
                                  'sales_order_lines', 'slow_movers', 'stock_by_location', 'stock_on_hand',
                                  'stock_valuation', 'warehouses')$$,
    $$VALUES ('batch_expiry'), ('batches'), ('carriers'), ('customers'), ('inventory_turnover'),
             ('locations'), ('movement_daily'), ('reservations'), ('sales_order_fulfilment'),
             ('sales_order_lines'), ('slow_movers'), ('stock_by_location'), ('stock_on_hand'),
             ('stock_valuation'), ('warehouses')$$,
    'a manager sees rows in the sales, stock, cost and master-data reports'
);
SELECT results_eq(
    $$SELECT sku::text FROM report.products ORDER BY sku$$,
    $$VALUES ('K'), ('P')$$,
    'and every product'
);

SELECT api.set_context(test_support.default_tenant(), test_support.id('partner'));
SELECT results_eq(
    $$SELECT * FROM pg_temp.reports_with_rows()$$,
    $$VALUES ('categories'), ('products'), ('purchase_order_lines'), ('purchase_order_status'), ('suppliers')$$,
    'a partner sees rows in its purchase orders, their lines, its supplier and the catalogue, and no other report'
);
SELECT results_eq(
    $$SELECT sku::text, quantity_ordered FROM report.purchase_order_lines$$,
    $$VALUES ('P', 5::numeric)$$,
    'its order''s line names the product'
);
SELECT is(
    current_setting('stockdb.user_role', TRUE), 'partner',
    'api.set_context puts the user''s role in stockdb.user_role'
);
SELECT lives_ok(
    $$SELECT api.set_password(test_support.id('partner'), 'a partner''s long passphrase')$$,
    'a partner still sets its own password'
);

-- A user named without api.set_context has no role in the context: it is
-- narrowed like a partner, not shown everything.
SELECT set_config('stockdb.user_role', '', TRUE);
SELECT set_config('stockdb.user_id', test_support.id('manager')::text, TRUE);
SELECT is_empty(
    $$SELECT * FROM report.customers$$,
    'a user put in the context by hand, without its role, sees no customer'
);

SELECT api.set_context(test_support.default_tenant(), NULL);
SELECT is(current_setting('stockdb.user_role', TRUE), '', 'system work has no role');
SELECT isnt_empty(
    $$SELECT * FROM report.customers$$,
    'and is not narrowed'
);

RESET ROLE;
SELECT * FROM finish();
ROLLBACK;
