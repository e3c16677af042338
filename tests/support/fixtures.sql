-- Fixtures the pgTAP files share, installed into the test template only.
CREATE SCHEMA IF NOT EXISTS test_support;

CREATE OR REPLACE FUNCTION test_support.make_tenant(code text)
RETURNS uuid LANGUAGE sql AS $$
    INSERT INTO auth.tenant (code, name) VALUES (make_tenant.code, initcap(make_tenant.code) || ' Ltd')
    RETURNING id
$$;

CREATE OR REPLACE FUNCTION test_support.default_tenant()
RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
    SELECT '00000000-0000-7000-8000-000000000001'::uuid
$$;

CREATE OR REPLACE FUNCTION test_support.make_warehouse(tenant_id uuid, code text)
RETURNS uuid LANGUAGE sql AS $$
    INSERT INTO warehouse.warehouse (tenant_id, code, name)
    VALUES (make_warehouse.tenant_id, make_warehouse.code, 'Warehouse ' || make_warehouse.code)
    RETURNING id
$$;

CREATE OR REPLACE FUNCTION test_support.make_location(
    tenant_id uuid, warehouse_id uuid, code text, kind warehouse.location_kind DEFAULT 'storage'
)
RETURNS uuid LANGUAGE sql AS $$
    INSERT INTO warehouse.location (tenant_id, warehouse_id, code, kind)
    VALUES (make_location.tenant_id, make_location.warehouse_id, make_location.code, make_location.kind)
    RETURNING id
$$;

CREATE OR REPLACE FUNCTION test_support.make_category(tenant_id uuid, name text, parent_id uuid DEFAULT NULL)
RETURNS uuid LANGUAGE sql AS $$
    INSERT INTO catalog.product_category (tenant_id, name, parent_id)
    VALUES (make_category.tenant_id, make_category.name, make_category.parent_id)
    RETURNING id
$$;

CREATE OR REPLACE FUNCTION test_support.make_product(tenant_id uuid, sku text)
RETURNS uuid LANGUAGE sql AS $$
    INSERT INTO catalog.product (tenant_id, sku, name)
    VALUES (make_product.tenant_id, make_product.sku, 'Product ' || make_product.sku)
    RETURNING id
$$;

CREATE OR REPLACE FUNCTION test_support.make_batch(
    tenant_id uuid, product_id uuid, batch_number text, expiry_date date DEFAULT NULL
)
RETURNS uuid LANGUAGE sql AS $$
    INSERT INTO catalog.product_batch (tenant_id, product_id, batch_number, expiry_date)
    VALUES (make_batch.tenant_id, make_batch.product_id, make_batch.batch_number, make_batch.expiry_date)
    RETURNING id
$$;

CREATE OR REPLACE FUNCTION test_support.make_supplier(tenant_id uuid, code text)
RETURNS uuid LANGUAGE sql AS $$
    INSERT INTO procurement.supplier (tenant_id, code, name)
    VALUES (make_supplier.tenant_id, make_supplier.code, 'Supplier ' || make_supplier.code)
    RETURNING id
$$;

CREATE OR REPLACE FUNCTION test_support.make_customer(tenant_id uuid, code text)
RETURNS uuid LANGUAGE sql AS $$
    INSERT INTO sales.customer (tenant_id, code, name)
    VALUES (make_customer.tenant_id, make_customer.code, 'Customer ' || make_customer.code)
    RETURNING id
$$;

CREATE OR REPLACE FUNCTION test_support.make_carrier(tenant_id uuid, code text)
RETURNS uuid LANGUAGE sql AS $$
    INSERT INTO logistics.carrier (tenant_id, code, name)
    VALUES (make_carrier.tenant_id, make_carrier.code, 'Carrier ' || make_carrier.code)
    RETURNING id
$$;

-- pgTAP files run through a driver, not psql, so there are no variables:
-- fixtures remember their ids under a name for the rest of the transaction.
CREATE OR REPLACE FUNCTION test_support.remember(key text, id uuid)
RETURNS uuid LANGUAGE plpgsql AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS fixture_id (key text PRIMARY KEY, id uuid NOT NULL);
    INSERT INTO pg_temp.fixture_id (key, id) VALUES (remember.key, remember.id)
    ON CONFLICT ON CONSTRAINT fixture_id_pkey DO UPDATE SET id = excluded.id;
    RETURN remember.id;
END
$$;

-- VOLATILE on purpose: the planner evaluates a STABLE function early, to
-- estimate selectivity, with a snapshot that may not see a fixture just made.
CREATE OR REPLACE FUNCTION test_support.id(key text)
RETURNS uuid LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_id uuid;
BEGIN
    SELECT f.id INTO STRICT v_id FROM pg_temp.fixture_id AS f WHERE f.key = id.key;
    RETURN v_id;
END
$$;

-- A small stocked world in the default tenant, with the caller's context set:
-- warehouse W (locations A1, A2, quarantine Q, all Europe/Berlin) and W2 (S1);
-- product P in batches, product K counted in kg without batches.
CREATE OR REPLACE FUNCTION test_support.stock_world()
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_tenant uuid := test_support.default_tenant();
BEGIN
    PERFORM api.set_context(v_tenant, '00000000-0000-7000-8000-000000000002');
    PERFORM test_support.remember('w', test_support.make_warehouse(v_tenant, 'W'));
    UPDATE warehouse.warehouse SET timezone = 'Europe/Berlin' WHERE id = test_support.id('w');
    PERFORM test_support.remember('w2', test_support.make_warehouse(v_tenant, 'W2'));
    PERFORM test_support.remember('a1', test_support.make_location(v_tenant, test_support.id('w'), 'A1'));
    PERFORM test_support.remember('a2', test_support.make_location(v_tenant, test_support.id('w'), 'A2'));
    PERFORM test_support.remember('q', test_support.make_location(v_tenant, test_support.id('w'), 'Q', 'quarantine'));
    PERFORM test_support.remember('s1', test_support.make_location(v_tenant, test_support.id('w2'), 'S1'));
    PERFORM test_support.remember('p', test_support.make_product(v_tenant, 'P'));
    PERFORM test_support.remember('k', test_support.make_product(v_tenant, 'K'));
    UPDATE catalog.product SET unit = 'kg' WHERE id = test_support.id('k');
END
$$;

CREATE OR REPLACE FUNCTION test_support.books_agree()
RETURNS boolean LANGUAGE sql AS $$
    SELECT NOT EXISTS (SELECT 1 FROM ops.balance_mismatches())
$$;

CREATE OR REPLACE FUNCTION test_support.batch(number text)
RETURNS uuid LANGUAGE sql AS $$
    SELECT b.id FROM catalog.product_batch AS b WHERE b.batch_number = batch.number
$$;

-- Trading partners for the stocked world: supplier SUP, customer C1, carrier DHL.
CREATE OR REPLACE FUNCTION test_support.trading_world()
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM test_support.stock_world();
    PERFORM test_support.remember('sup', test_support.make_supplier(test_support.default_tenant(), 'SUP'));
    PERFORM test_support.remember('cust', test_support.make_customer(test_support.default_tenant(), 'C1'));
    PERFORM test_support.remember('dhl', test_support.make_carrier(test_support.default_tenant(), 'DHL'));
    UPDATE catalog.product SET unit_price_minor = 1999, currency = 'EUR' WHERE id = test_support.id('p');
END
$$;

CREATE OR REPLACE FUNCTION test_support.version_of(tbl regclass, row_id uuid)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v integer;
BEGIN
    EXECUTE format('SELECT version FROM %s WHERE id = $1', tbl) INTO v USING row_id;
    RETURN v;
END
$$;

-- The verbose plan of a query, as one text: a helper meant to be inlined
-- must not show up in it by name.
CREATE OR REPLACE FUNCTION test_support.plan_of(query text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_line text;
    v_plan text := '';
BEGIN
    FOR v_line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || query LOOP
        v_plan := v_plan || v_line || E'\n';
    END LOOP;
    RETURN v_plan;
END
$$;

-- The transaction-level advisory locks this session holds, as their 64-bit
-- keys and modes (the stock and import locks are keyed that way).
CREATE OR REPLACE FUNCTION test_support.held_advisory_locks()
RETURNS TABLE (key bigint, mode text) LANGUAGE sql AS $$
    SELECT (l.classid::bigint << 32) | l.objid::bigint, l.mode
    FROM pg_locks AS l
    WHERE l.locktype = 'advisory' AND l.pid = pg_backend_pid() AND l.objsubid = 1
$$;

-- The DETAIL and HINT of the error a statement raises (NULLs when it raises none).
CREATE OR REPLACE FUNCTION test_support.error_parts(query text, OUT detail text, OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
END
$$;

CREATE OR REPLACE FUNCTION test_support.error_detail(query text)
RETURNS text LANGUAGE sql AS $$ SELECT (test_support.error_parts(query)).detail $$;

CREATE OR REPLACE FUNCTION test_support.error_hint(query text)
RETURNS text LANGUAGE sql AS $$ SELECT (test_support.error_parts(query)).hint $$;

-- Rows read from tbl by sequential scans and index fetches, as
-- pg_stat_xact_user_tables counts them: on PostgreSQL 15 that is this
-- transaction's reads plus those of the session's earlier transactions not
-- yet flushed (a backend flushes at most once a second), so only the
-- difference around a call, within one transaction, is what the call read.
CREATE OR REPLACE FUNCTION test_support.rows_read(tbl regclass)
RETURNS bigint LANGUAGE sql AS $$
    SELECT coalesce(sum(t.seq_tup_read + coalesce(t.idx_tup_fetch, 0)), 0)::bigint
    FROM pg_stat_xact_user_tables AS t WHERE t.relid = tbl
$$;

-- Lets stockdb_app reach what a test running as it needs besides the api and
-- the reports: these helpers, and pgTAP's tallies, which live in this
-- session's temporary tables. Call it after plan() and before SET ROLE.
CREATE OR REPLACE FUNCTION test_support.open_to_app()
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    GRANT USAGE ON SCHEMA test_support TO stockdb_app;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA test_support TO stockdb_app;
    EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA %s TO stockdb_app', pg_my_temp_schema()::regnamespace);
    EXECUTE format('GRANT ALL ON ALL SEQUENCES IN SCHEMA %s TO stockdb_app', pg_my_temp_schema()::regnamespace);
END
$$;
