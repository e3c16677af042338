--
-- PostgreSQL database dump
--



SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: api; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA api;


--
-- Name: SCHEMA api; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA api IS 'The functions applications call; the only way in for them.';


--
-- Name: audit; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA audit;


--
-- Name: SCHEMA audit; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA audit IS 'Outbox of audit events and alerts waiting for MongoDB.';


--
-- Name: auth; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA auth;


--
-- Name: SCHEMA auth; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA auth IS 'Tenants, application users, refresh tokens.';


--
-- Name: catalog; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA catalog;


--
-- Name: SCHEMA catalog; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA catalog IS 'Products, their categories and batches.';


--
-- Name: inventory; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA inventory;


--
-- Name: SCHEMA inventory; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA inventory IS 'Balances, the stock movement ledger, reservations.';


--
-- Name: logistics; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA logistics;


--
-- Name: SCHEMA logistics; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA logistics IS 'Carriers, shipments and their tracking events.';


--
-- Name: ops; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA ops;


--
-- Name: SCHEMA ops; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA ops IS 'Maintenance procedures and their bookkeeping.';


--
-- Name: partman; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA partman;


--
-- Name: SCHEMA partman; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA partman IS 'pg_partman, which keeps the monthly ledger partitions.';


--
-- Name: planning; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA planning;


--
-- Name: SCHEMA planning; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA planning IS 'Demand forecasts.';


--
-- Name: procurement; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA procurement;


--
-- Name: SCHEMA procurement; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA procurement IS 'Suppliers and purchase orders.';


--
-- Name: report; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA report;


--
-- Name: SCHEMA report; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA report IS 'Views and materialised views for applications and analysts.';


--
-- Name: sales; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA sales;


--
-- Name: SCHEMA sales; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA sales IS 'Customers and sales orders.';


--
-- Name: staging; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA staging;


--
-- Name: SCHEMA staging; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA staging IS 'XLSX import batches, raw rows and row errors.';


--
-- Name: warehouse; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA warehouse;


--
-- Name: SCHEMA warehouse; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA warehouse IS 'Warehouses and the locations (bins, shelves) inside them.';


--
-- Name: btree_gist; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;


--
-- Name: EXTENSION btree_gist; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION btree_gist IS 'support for indexing common datatypes in GiST';


--
-- Name: pg_partman; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_partman WITH SCHEMA partman;


--
-- Name: EXTENSION pg_partman; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pg_partman IS 'Extension to manage partitioned tables by time or ID';


--
-- Name: pg_trgm; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;


--
-- Name: EXTENSION pg_trgm; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';


--
-- Name: pgcrypto; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;


--
-- Name: EXTENSION pgcrypto; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pgcrypto IS 'cryptographic functions';


--
-- Name: set_context(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.set_context(tenant_id uuid, user_id uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_active boolean;
BEGIN
    IF set_context.tenant_id IS NULL THEN
        RAISE EXCEPTION 'tenant_id must not be null'
            USING ERRCODE = '22023',
                  DETAIL = 'api.set_context was called with tenant_id => NULL.',
                  HINT = 'Pass the id of an existing tenant; a single-company install uses 00000000-0000-7000-8000-000000000001.';
    END IF;

    SELECT t.active INTO v_active
    FROM auth.tenant AS t
    WHERE t.id = set_context.tenant_id;

    IF NOT FOUND THEN
        RAISE EXCEPTION 'tenant % does not exist', set_context.tenant_id
            USING ERRCODE = 'SD404',
                  DETAIL = format('No row in auth.tenant has id %s.', set_context.tenant_id),
                  HINT = 'Check the tenant id your application is configured with.';
    END IF;

    IF NOT v_active THEN
        RAISE EXCEPTION 'tenant % is inactive', set_context.tenant_id
            USING ERRCODE = '42501',
                  DETAIL = format('auth.tenant %s has active = false.', set_context.tenant_id),
                  HINT = 'An administrator must reactivate the tenant before it can be used.';
    END IF;

    -- is_local = true: the context ends with the transaction, so a pooled
    -- connection never carries one caller's identity into the next.
    PERFORM set_config('stockdb.tenant_id', set_context.tenant_id::text, true);
    PERFORM set_config('stockdb.user_id', coalesce(set_context.user_id::text, ''), true);
END
$$;


--
-- Name: FUNCTION set_context(tenant_id uuid, user_id uuid); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.set_context(tenant_id uuid, user_id uuid) IS 'Sets the calling tenant and user (stockdb.tenant_id, stockdb.user_id) for the current transaction. Errors: 22023 null tenant_id, SD404 unknown tenant, 42501 inactive tenant.';


--
-- Name: uuid_v7(); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.uuid_v7() RETURNS uuid
    LANGUAGE sql PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    -- overlay, substring and extract are SQL syntax, not plain calls, so they
    -- cannot be schema-qualified; the fixed search_path covers them.
    SELECT pg_catalog.encode(
        pg_catalog.set_bit(
            pg_catalog.set_bit(
                overlay(
                    pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                    PLACING substring(
                        pg_catalog.int8send(
                            (extract(EPOCH FROM pg_catalog.clock_timestamp()) * 1000)::bigint
                        ) FROM 3
                    )
                    FROM 1 FOR 6
                ),
                52, 1
            ),
            53, 1
        ),
        'hex'
    )::uuid
$$;


--
-- Name: FUNCTION uuid_v7(); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.uuid_v7() IS 'A time-ordered UUID (version 7): the default for every id column.';


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: tenant; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.tenant (
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenant_code_check CHECK ((code ~ '^[a-z0-9][a-z0-9_-]{0,62}$'::text)),
    CONSTRAINT tenant_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT tenant_updated_after_created_check CHECK ((updated_at >= created_at))
);


--
-- Name: TABLE tenant; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON TABLE auth.tenant IS 'A company using stockdb; every business row belongs to exactly one tenant.';


--
-- Name: COLUMN tenant.code; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON COLUMN auth.tenant.code IS 'Short stable handle (lower case, digits, - and _), used in imports and URLs.';


--
-- Name: migration_file; Type: TABLE; Schema: ops; Owner: -
--

CREATE TABLE ops.migration_file (
    migration_id text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT migration_file_checksum_check CHECK ((checksum ~ '^[0-9a-f]{64}$'::text))
);


--
-- Name: TABLE migration_file; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON TABLE ops.migration_file IS 'SHA-256 of each applied migration file, so `stockdb migrate status` can tell when a landed migration was edited.';


--
-- Name: repeatable_file; Type: TABLE; Schema: ops; Owner: -
--

CREATE TABLE ops.repeatable_file (
    path text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT repeatable_file_checksum_check CHECK ((checksum ~ '^[0-9a-f]{64}$'::text))
);


--
-- Name: TABLE repeatable_file; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON TABLE ops.repeatable_file IS 'SHA-256 of each repeatable file (functions/, triggers/, sql/) as last applied; a file is applied again when it differs.';


--
-- Name: _yoyo_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public._yoyo_log (
    id character varying(36) NOT NULL,
    migration_hash character varying(64),
    migration_id character varying(255),
    operation character varying(10),
    username character varying(255),
    hostname character varying(255),
    comment character varying(255),
    created_at_utc timestamp without time zone
);


--
-- Name: _yoyo_migration; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public._yoyo_migration (
    migration_hash character varying(64) NOT NULL,
    migration_id character varying(255),
    applied_at_utc timestamp without time zone
);


--
-- Name: _yoyo_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public._yoyo_version (
    version integer NOT NULL,
    installed_at_utc timestamp without time zone
);


--
-- Name: yoyo_lock; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.yoyo_lock (
    locked integer DEFAULT 1 NOT NULL,
    ctime timestamp without time zone,
    pid integer NOT NULL
);


--
-- Name: tenant tenant_code_key; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.tenant
    ADD CONSTRAINT tenant_code_key UNIQUE (code);


--
-- Name: tenant tenant_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.tenant
    ADD CONSTRAINT tenant_pkey PRIMARY KEY (id);


--
-- Name: migration_file migration_file_pkey; Type: CONSTRAINT; Schema: ops; Owner: -
--

ALTER TABLE ONLY ops.migration_file
    ADD CONSTRAINT migration_file_pkey PRIMARY KEY (migration_id);


--
-- Name: repeatable_file repeatable_file_pkey; Type: CONSTRAINT; Schema: ops; Owner: -
--

ALTER TABLE ONLY ops.repeatable_file
    ADD CONSTRAINT repeatable_file_pkey PRIMARY KEY (path);


--
-- Name: _yoyo_log _yoyo_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public._yoyo_log
    ADD CONSTRAINT _yoyo_log_pkey PRIMARY KEY (id);


--
-- Name: _yoyo_migration _yoyo_migration_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public._yoyo_migration
    ADD CONSTRAINT _yoyo_migration_pkey PRIMARY KEY (migration_hash);


--
-- Name: _yoyo_version _yoyo_version_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public._yoyo_version
    ADD CONSTRAINT _yoyo_version_pkey PRIMARY KEY (version);


--
-- Name: yoyo_lock yoyo_lock_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.yoyo_lock
    ADD CONSTRAINT yoyo_lock_pkey PRIMARY KEY (locked);


--
-- PostgreSQL database dump complete
--


