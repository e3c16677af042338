-- What an application connected as stockdb_app reaches, generated from the
-- catalogue so a new table, view or api function is covered without editing
-- this file: no table directly (42501), every api function without a
-- privilege error, and nothing of another tenant through any api function or
-- report view. Tenant A is the default tenant; tenant B is built beside it.
BEGIN;
SELECT plan(15);

-- A manager, a purchase order with a line, and a sales order, in the current
-- tenant, from the fixtures remembered under `prefix` (sup, p, cust).
CREATE FUNCTION pg_temp.documents(prefix text, so_quantity numeric) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM test_support.remember(prefix || 'user', api.create_user('boss-' || prefix || '@example.com', 'manager'));
    PERFORM test_support.remember(prefix || 'po', api.create_purchase_order(test_support.id(prefix || 'sup'), 'EUR'));
    PERFORM test_support.remember(prefix || 'poi', api.add_purchase_order_item(
        test_support.id(prefix || 'po'),
        test_support.version_of('procurement.purchase_order', test_support.id(prefix || 'po')),
        test_support.id(prefix || 'p'), 10, 300
    ));
    PERFORM test_support.remember(prefix || 'so', api.create_sales_order(
        prefix || 'so', test_support.id(prefix || 'cust'),
        jsonb_build_array(jsonb_build_object('product_id', test_support.id(prefix || 'p'), 'quantity', so_quantity))
    ));
    PERFORM test_support.remember(prefix || 'soi', (
        SELECT i.id FROM sales.sales_order_item AS i WHERE i.sales_order_id = test_support.id(prefix || 'so')
    ));
END
$$;

DO $$
DECLARE
    v_b uuid := test_support.make_tenant('beta');
    v_version integer;
BEGIN
    PERFORM test_support.trading_world();
    PERFORM api.receive_stock('a-in', test_support.id('p'), test_support.id('a1'), 40, 'A-LOT', current_date + 200);
    PERFORM test_support.remember('a_res', api.reserve_stock('a-res', test_support.id('p'), test_support.id('w'), 2));

    -- Tenant B, through the api in its own context, with one of everything.
    PERFORM test_support.remember('b', v_b);
    PERFORM api.set_context(v_b, NULL);
    PERFORM test_support.remember('b_w', api.create_warehouse('BW', 'Beta warehouse'));
    PERFORM test_support.remember('b_l', api.create_location(test_support.id('b_w'), 'B1'));
    PERFORM test_support.remember('b_cat', api.create_category('Beta things'));
    PERFORM test_support.remember('b_p', api.create_product(
        'BP', 'Beta product', test_support.id('b_cat'), 'ea', unit_price_minor => 500, currency => 'EUR',
        reorder_point => 1000
    ));
    PERFORM api.receive_stock('b-in', test_support.id('b_p'), test_support.id('b_l'), 100, 'B-LOT', current_date + 20);
    PERFORM test_support.remember('b_batch', test_support.batch('B-LOT'));
    PERFORM test_support.remember('b_res', api.reserve_stock('b-res', test_support.id('b_p'), test_support.id('b_w'), 5));
    PERFORM test_support.remember('b_sup', api.create_supplier('BSUP', 'Beta supplier'));
    PERFORM test_support.remember('b_cust', api.create_customer('BC', 'Beta customer', 'buyer@beta.example'));
    PERFORM test_support.remember('b_car', api.create_carrier('BCAR', 'Beta carrier'));
    PERFORM pg_temp.documents('b_', 3);
    v_version := api.approve_sales_order(
        test_support.id('b_so'), test_support.version_of('sales.sales_order', test_support.id('b_so'))
    );
    PERFORM api.reserve_sales_order('b-sor', test_support.id('b_so'), test_support.id('b_w'));
    PERFORM test_support.remember('b_ship', api.ship_sales_order('b-ship', test_support.id('b_so'), 'BCAR', 'BT1'));
    PERFORM ops.refresh_movement_daily();
END
$$;
REFRESH MATERIALIZED VIEW ops.slow_movers;
REFRESH MATERIALIZED VIEW ops.inventory_turnover;

-- B's data as one fingerprint, read as the superuser (no row security).
CREATE FUNCTION pg_temp.tenant_fingerprint(tenant uuid) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_table regclass;
    v_part text;
    v_all text := '';
BEGIN
    FOR v_table IN
        SELECT c.oid::regclass FROM pg_class AS c JOIN pg_attribute AS a ON a.attrelid = c.oid
        WHERE a.attname = 'tenant_id' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND c.relnamespace::regnamespace::text IN (
              'auth', 'catalog', 'inventory', 'logistics', 'ops', 'planning', 'procurement', 'sales',
              'staging', 'warehouse'
          )
        ORDER BY c.oid::regclass::text
    LOOP
        EXECUTE format('SELECT coalesce(string_agg(md5(t::text), '''' ORDER BY md5(t::text)), '''') '
                       'FROM %s AS t WHERE t.tenant_id = $1', v_table) INTO v_part USING tenant;
        v_all := v_all || v_table::text || ':' || md5(v_part) || ' ';
    END LOOP;
    RETURN md5(v_all);
END
$$;
CREATE TEMP TABLE b_before AS SELECT pg_temp.tenant_fingerprint(test_support.id('b')) AS fingerprint;

-- A call of every api function with an id argument, its ids taken from one
-- tenant's fixtures; other required arguments get a plausible value.
CREATE FUNCTION pg_temp.generic_calls(prefix text)
RETURNS TABLE (function_name text, call text)
LANGUAGE sql AS $$
    SELECT
        p.oid::regproc::text,
        format('SELECT %s(%s)', p.oid::regproc, string_agg(
            format('%I => %s', a.name, CASE
                WHEN a.type = 'uuid'::regtype THEN quote_literal(test_support.id(prefix || CASE
                    WHEN a.name IN ('location_id', 'from_location_id', 'to_location_id') THEN 'l'
                    WHEN a.name = 'warehouse_id' THEN 'w'
                    WHEN a.name = 'product_id' THEN 'p'
                    WHEN a.name = 'batch_id' THEN 'batch'
                    WHEN a.name = 'reservation_id' THEN 'res'
                    WHEN a.name = 'order_id' AND p.proname LIKE '%purchase_order%' THEN 'po'
                    WHEN a.name = 'order_id' THEN 'so'
                    WHEN a.name = 'item_id' AND p.proname LIKE '%sales_order%' THEN 'soi'
                    WHEN a.name = 'item_id' THEN 'poi'
                    WHEN a.name IN ('supplier_id', 'preferred_supplier_id') THEN 'sup'
                    WHEN a.name = 'customer_id' THEN 'cust'
                    WHEN a.name = 'carrier_id' THEN 'car'
                    WHEN a.name IN ('category_id', 'parent_id') THEN 'cat'
                    WHEN a.name = 'shipment_id' THEN 'ship'
                    WHEN a.name = 'user_id' THEN 'user'
                END)) || '::uuid'
                WHEN a.name = 'lines' THEN quote_literal(jsonb_build_array(jsonb_build_object(
                    'product_id', test_support.id(prefix || 'p'), 'quantity', 1)))
                WHEN a.name = 'idempotency_key' THEN quote_literal('iso-' || prefix || p.proname)
                WHEN a.name = 'status' THEN quote_literal('in_transit')
                WHEN a.name = 'movement_type' THEN quote_literal('adjustment')
                WHEN a.name = 'currency' THEN quote_literal('EUR')
                WHEN a.name = 'password' THEN quote_literal('a long enough password')
                WHEN a.name = 'email' THEN quote_literal(prefix || p.proname || '@example.com')
                WHEN a.name = 'role' THEN quote_literal('partner')
                WHEN a.type IN ('numeric'::regtype, 'integer'::regtype, 'bigint'::regtype) THEN '1'
                WHEN a.type = 'date'::regtype THEN quote_literal(current_date + 30)
                WHEN a.type = 'timestamptz'::regtype THEN quote_literal(now() + interval '1 day')
                WHEN a.type = 'jsonb'::regtype THEN quote_literal('{}')
                ELSE quote_literal('x' || prefix || p.proname)
            END), ', ' ORDER BY a.position
        ))
    FROM pg_proc AS p
    CROSS JOIN LATERAL unnest(p.proargnames, p.proargtypes::oid[]) WITH ORDINALITY AS a (name, type, position)
    WHERE p.pronamespace = 'api'::regnamespace
      AND p.proname <> 'set_context'
      -- every id argument, and the required others (the last pronargdefaults have defaults)
      AND (a.type = 'uuid'::regtype OR a.position <= p.pronargs - p.pronargdefaults)
      AND EXISTS (SELECT 1 FROM unnest(p.proargtypes::oid[]) AS t (type) WHERE t.type = 'uuid'::regtype)
    GROUP BY p.oid, p.proname
$$;

-- The SQLSTATE of each call (or 'ok'), each in a savepoint so one failure
-- leaves the next call a clean transaction.
CREATE FUNCTION pg_temp.outcomes(prefix text)
RETURNS TABLE (function_name text, code text, message text)
LANGUAGE plpgsql AS $$
DECLARE
    v_call record;
BEGIN
    FOR v_call IN SELECT * FROM pg_temp.generic_calls(prefix) AS g ORDER BY g.function_name LOOP
        function_name := v_call.function_name;
        BEGIN
            EXECUTE v_call.call;
            code := 'ok';
            message := NULL;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
        END;
        RETURN NEXT;
    END LOOP;
END
$$;
DO $$
BEGIN
    PERFORM test_support.remember('l', test_support.id('a1'));
    PERFORM test_support.remember('batch', test_support.batch('A-LOT'));
    PERFORM test_support.remember('res', test_support.id('a_res'));
    PERFORM api.set_context(test_support.default_tenant(), NULL);
    PERFORM test_support.remember('cat', api.create_category('A things'));
    PERFORM test_support.remember('car', test_support.id('dhl'));
    PERFORM pg_temp.documents('', 1);
    PERFORM test_support.remember('ship', gen_random_uuid());
END
$$;

-- From here on the session is the application: stockdb_app, tenant A, no
-- user (system work is not gated, so role gating does not hide a privilege
-- error). The test's own temporary objects stay reachable.
DO $$ BEGIN PERFORM test_support.open_to_app(); END $$;
CREATE TEMP TABLE a_outcomes (function_name text, code text, message text);
CREATE TEMP TABLE b_outcomes (function_name text, code text, message text);
CREATE TEMP TABLE direct_reads (relation text, sqlstate text);
CREATE TEMP TABLE report_rows (relation text, context text, tenant_id uuid, row_count bigint);
-- Every tenant's movement ids, for the report functions that look one up.
CREATE TEMP TABLE ledger_ids AS
SELECT
    m.tenant_id,
    m.id
FROM inventory.stock_movement AS m;
GRANT ALL ON a_outcomes, b_outcomes, direct_reads, report_rows, b_before, ledger_ids TO stockdb_app;

SET LOCAL ROLE stockdb_app;

SELECT is(
    current_user::text, 'stockdb_app', 'the assertions below run as stockdb_app'
);

-- Every table, partition, materialised view and sequence outside report.
DO $$
DECLARE
    v_relation regclass;
    v_state text;
BEGIN
    FOR v_relation IN
        SELECT c.oid::regclass FROM pg_class AS c
        WHERE c.relkind IN ('r', 'p', 'm', 'S', 'v')
          AND c.relnamespace::regnamespace::text IN (
              'api', 'audit', 'auth', 'catalog', 'inventory', 'logistics', 'ops', 'planning',
              'procurement', 'sales', 'staging', 'warehouse'
          )
    LOOP
        BEGIN
            EXECUTE format('SELECT 1 FROM %s LIMIT 1', v_relation);
            v_state := 'readable';
        EXCEPTION WHEN OTHERS THEN
            v_state := SQLSTATE;
        END;
        INSERT INTO pg_temp.direct_reads VALUES (v_relation::text, v_state);
    END LOOP;
END
$$;
SELECT cmp_ok(
    (SELECT count(*)::int FROM pg_temp.direct_reads), '>', 40, 'every relation of the business schemas was tried'
);
SELECT is_empty(
    $$SELECT relation, sqlstate FROM pg_temp.direct_reads WHERE sqlstate <> '42501'$$,
    'no table, view, materialised view or sequence outside report can be read directly (42501)'
);
SELECT is_empty(
    $$SELECT c.oid::regclass, p.privilege
      FROM pg_class AS c
      CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS p (privilege)
      WHERE c.relkind IN ('r', 'p', 'm', 'v', 'f')
        AND c.relnamespace::regnamespace::text IN (
            'api', 'audit', 'auth', 'catalog', 'inventory', 'logistics', 'ops', 'planning',
            'procurement', 'sales', 'staging', 'warehouse'
        )
        AND has_table_privilege('stockdb_app', c.oid, p.privilege)$$,
    'stockdb_app holds no privilege on any table'
);

-- The api with tenant A's own ids: whatever a call refuses, it is never a
-- privilege the app role lacks.
DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), NULL); END $$;
INSERT INTO pg_temp.a_outcomes SELECT * FROM pg_temp.outcomes('');
SELECT cmp_ok(
    (SELECT count(*)::int FROM pg_temp.a_outcomes), '>=', 25, 'every api function with an id argument was called'
);
SELECT is_empty(
    $$SELECT function_name, code, message FROM pg_temp.a_outcomes
      WHERE code LIKE '42%' OR code LIKE 'XX%' OR code = 'P0001'$$,
    'with its own ids, no api call meets a privilege, undefined-object or internal error'
);
SELECT cmp_ok(
    (SELECT count(*)::int FROM pg_temp.a_outcomes WHERE code = 'ok'), '>=', 15,
    'and most of them succeed'
);

-- The same calls with tenant B's ids, still in tenant A's context.
INSERT INTO pg_temp.b_outcomes SELECT * FROM pg_temp.outcomes('b_');
SELECT is_empty(
    $$SELECT function_name, code, message FROM pg_temp.b_outcomes WHERE code <> 'SD404'$$,
    'every api call given another tenant''s ids answers SD404 (not found for this tenant)'
);

-- api.search_products bypasses row security (roles.sql says why) and must
-- filter by tenant itself.
SELECT is_empty(
    $$SELECT * FROM api.search_products('beta product') UNION ALL SELECT * FROM api.search_products('BP')$$,
    'a search in tenant A finds nothing of tenant B''s'
);

-- Every relation and function of report, in A's context.
DO $$
DECLARE
    v_relation text;
BEGIN
    FOR v_relation IN
        SELECT c.oid::regclass FROM pg_class AS c
        JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
        WHERE c.relnamespace = 'report'::regnamespace AND c.relkind IN ('r', 'v', 'm')
    LOOP
        EXECUTE format(
            'INSERT INTO pg_temp.report_rows SELECT %L, ''tenant A'', tenant_id, count(*) FROM %s GROUP BY tenant_id',
            v_relation, v_relation
        );
    END LOOP;
    -- and the report functions, which take a horizon in days
    FOR v_relation IN
        SELECT p.oid::regproc::text FROM pg_proc AS p
        WHERE p.pronamespace = 'report'::regnamespace AND p.proargtypes[0] = 'integer'::regtype
    LOOP
        EXECUTE format(
            'INSERT INTO pg_temp.report_rows SELECT %L, ''tenant A'', tenant_id, count(*) FROM %s(3650) GROUP BY tenant_id',
            v_relation, v_relation
        );
    END LOOP;
    -- or an id: given every tenant's
    FOR v_relation IN
        SELECT p.oid::regproc::text FROM pg_proc AS p
        WHERE p.pronamespace = 'report'::regnamespace AND p.proargtypes[0] = 'uuid'::regtype
    LOOP
        EXECUTE format(
            'INSERT INTO pg_temp.report_rows SELECT %L, ''tenant A'', r.tenant_id, count(*) '
            'FROM pg_temp.ledger_ids AS l CROSS JOIN LATERAL %s(l.id) AS r GROUP BY r.tenant_id',
            v_relation, v_relation
        );
    END LOOP;
END
$$;
SELECT is_empty(
    $$SELECT relation, tenant_id, row_count FROM pg_temp.report_rows
      WHERE tenant_id IS DISTINCT FROM test_support.default_tenant()$$,
    'no report relation shows tenant A another tenant''s rows'
);
SELECT cmp_ok(
    (SELECT count(DISTINCT relation)::int FROM pg_temp.report_rows), '>=', 4,
    'while they do show A its own'
);
SELECT ok(
    EXISTS (SELECT FROM pg_temp.report_rows WHERE relation = 'report.stock_movement' AND context = 'tenant A')
    AND (SELECT count(DISTINCT l.tenant_id) FROM pg_temp.ledger_ids AS l) > 1,
    'report.stock_movement, given every tenant''s movement ids, finds A''s own'
);

RESET ROLE;
SELECT is(
    (SELECT pg_temp.tenant_fingerprint(test_support.id('b'))), (SELECT fingerprint FROM pg_temp.b_before),
    'tenant B''s rows are exactly as they were'
);

-- The same report relations, as B, are not empty: the fixture gives them
-- something to leak.
DO $$
DECLARE
    v_relation regclass;
BEGIN
    PERFORM api.set_context(test_support.id('b'), NULL);
    FOR v_relation IN
        SELECT c.oid::regclass FROM pg_class AS c
        JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
        WHERE c.relnamespace = 'report'::regnamespace AND c.relkind IN ('r', 'v', 'm')
    LOOP
        EXECUTE format(
            'INSERT INTO pg_temp.report_rows SELECT %L, ''tenant B'', tenant_id, count(*) FROM %s GROUP BY tenant_id',
            v_relation, v_relation
        );
    END LOOP;
END
$$;
SELECT isnt_empty(
    $$SELECT * FROM api.search_products('beta product')$$,
    'while in tenant B the same search finds its product'
);
SELECT cmp_ok(
    (
        SELECT count(DISTINCT relation)::int FROM pg_temp.report_rows
        WHERE context = 'tenant B' AND tenant_id = test_support.id('b')
    ), '>=', 5,
    'tenant B sees its own rows in the report relations'
);

SELECT * FROM finish();
ROLLBACK;
