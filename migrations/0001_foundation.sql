-- Foundation: the schemas of DESIGN.md, the extensions stockdb builds on,
-- a time-ordered UUID generator, the tenant table with its default tenant,
-- and the bookkeeping of `stockdb migrate`.

-- A migration must not queue behind a busy application for ever, nor hold
-- its locks for long: it fails instead and can be run again.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE SCHEMA catalog;
CREATE SCHEMA warehouse;
CREATE SCHEMA inventory;
CREATE SCHEMA procurement;
CREATE SCHEMA sales;
CREATE SCHEMA logistics;
CREATE SCHEMA planning;
CREATE SCHEMA auth;
CREATE SCHEMA api;
CREATE SCHEMA report;
CREATE SCHEMA staging;
CREATE SCHEMA audit;
CREATE SCHEMA ops;
CREATE SCHEMA partman;

COMMENT ON SCHEMA catalog IS 'Products, their categories and batches.';
COMMENT ON SCHEMA warehouse IS 'Warehouses and the locations (bins, shelves) inside them.';
COMMENT ON SCHEMA inventory IS 'Balances, the stock movement ledger, reservations.';
COMMENT ON SCHEMA procurement IS 'Suppliers and purchase orders.';
COMMENT ON SCHEMA sales IS 'Customers and sales orders.';
COMMENT ON SCHEMA logistics IS 'Carriers, shipments and their tracking events.';
COMMENT ON SCHEMA planning IS 'Demand forecasts.';
COMMENT ON SCHEMA auth IS 'Tenants, application users, refresh tokens.';
COMMENT ON SCHEMA api IS 'The functions applications call; the only way in for them.';
COMMENT ON SCHEMA report IS 'Views and materialised views for applications and analysts.';
COMMENT ON SCHEMA staging IS 'XLSX import batches, raw rows and row errors.';
COMMENT ON SCHEMA audit IS 'Outbox of audit events and alerts waiting for MongoDB.';
COMMENT ON SCHEMA ops IS 'Maintenance procedures and their bookkeeping.';
COMMENT ON SCHEMA partman IS 'pg_partman, which keeps the monthly ledger partitions.';

CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_partman SCHEMA partman;

-- pg_cron can only be created in the database named by cron.database_name;
-- other databases of the cluster schedule through cron.schedule_in_database.
DO $$
BEGIN
    IF pg_catalog.current_database() = pg_catalog.current_setting('cron.database_name', true) THEN
        CREATE EXTENSION IF NOT EXISTS pg_cron;
    END IF;
END
$$;

-- UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits,
-- so keys are time-ordered and the big indexes grow at their right edge.
-- It is a column default, so it lives with the tables rather than in functions/.
CREATE FUNCTION ops.uuid_v7() RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
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
COMMENT ON FUNCTION ops.uuid_v7() IS
'A time-ordered UUID (version 7): the default for every id column.';

CREATE TABLE auth.tenant (
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    code text NOT NULL,
    name text NOT NULL,
    active boolean NOT NULL DEFAULT TRUE,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT tenant_pkey PRIMARY KEY (id),
    CONSTRAINT tenant_code_key UNIQUE (code),
    CONSTRAINT tenant_code_check CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    CONSTRAINT tenant_name_check CHECK (pg_catalog.btrim(name) <> ''),
    CONSTRAINT tenant_updated_after_created_check CHECK (updated_at >= created_at)
);
COMMENT ON TABLE auth.tenant IS
'A company using stockdb; every business row belongs to exactly one tenant.';
COMMENT ON COLUMN auth.tenant.code IS
'Short stable handle (lower case, digits, - and _), used in imports and URLs.';

-- The one tenant of a single-company install, with an id callers can hard-code.
INSERT INTO auth.tenant (id, code, name)
VALUES ('00000000-0000-7000-8000-000000000001', 'default', 'Default tenant');

CREATE TABLE ops.migration_file (
    migration_id text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT migration_file_pkey PRIMARY KEY (migration_id),
    CONSTRAINT migration_file_checksum_check CHECK (checksum ~ '^[0-9a-f]{64}$')
);
COMMENT ON TABLE ops.migration_file IS
'SHA-256 of each applied migration file, so `stockdb migrate status` '
'can tell when a landed migration was edited.';

CREATE TABLE ops.repeatable_file (
    path text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT repeatable_file_pkey PRIMARY KEY (path),
    CONSTRAINT repeatable_file_checksum_check CHECK (checksum ~ '^[0-9a-f]{64}$')
);
COMMENT ON TABLE ops.repeatable_file IS
'SHA-256 of each repeatable file (functions/, triggers/, sql/) as last applied; '
'a file is applied again when it differs.';
