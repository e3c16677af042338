-- depends: 0003_catalog
-- Warehouses and the locations inside them.

-- squawk-ignore-file prefer-bigint-over-int, prefer-bigint-over-smallint, ban-char-field
-- Waived: int and smallint columns here are versions, day counts, depths and
-- decimal places, never ids, and cannot approach their limits; char(3) is the
-- ISO 4217 currency code DESIGN.md's contract names, held to [A-Z]{3} by CHECK.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- A CHECK may only call immutable functions; the time zone database changes
-- only with a PostgreSQL upgrade, and a zone it drops would fail loudly then.
CREATE FUNCTION ops.is_valid_timezone(zone text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM now() AT TIME ZONE zone;
    RETURN TRUE;
EXCEPTION WHEN invalid_parameter_value THEN
    RETURN FALSE;
END
$$;
COMMENT ON FUNCTION ops.is_valid_timezone(text) IS
'TRUE when PostgreSQL knows the time zone name (Europe/Berlin, UTC, …).';

CREATE TYPE warehouse.location_kind AS ENUM ('receiving', 'storage', 'picking', 'shipping', 'quarantine');
COMMENT ON TYPE warehouse.location_kind IS
'What a location is for; stock in quarantine is never allocated.';

CREATE TABLE warehouse.warehouse (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    code text NOT NULL,
    name text NOT NULL,
    address jsonb NOT NULL DEFAULT '{}',
    timezone text NOT NULL DEFAULT 'UTC',
    active boolean NOT NULL DEFAULT TRUE,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT warehouse_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT warehouse_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant (id),
    CONSTRAINT warehouse_code_key UNIQUE (tenant_id, code),
    CONSTRAINT warehouse_code_check CHECK (code ~ '^[[:graph:]]{1,32}$'),
    CONSTRAINT warehouse_name_check CHECK (btrim(name) <> ''),
    CONSTRAINT warehouse_address_check CHECK (jsonb_typeof(address) = 'object'),
    CONSTRAINT warehouse_timezone_check CHECK (ops.is_valid_timezone(timezone)),
    CONSTRAINT warehouse_version_check CHECK (version > 0)
);
COMMENT ON TABLE warehouse.warehouse IS 'A site that holds stock.';
COMMENT ON COLUMN warehouse.warehouse.address IS 'Postal address as a JSON object (line1, city, postcode, country, …).';
COMMENT ON COLUMN warehouse.warehouse.timezone IS 'IANA time zone, for the warehouse''s business days.';

CREATE TABLE warehouse.location (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    warehouse_id uuid NOT NULL,
    code text NOT NULL,
    kind warehouse.location_kind NOT NULL DEFAULT 'storage',
    capacity numeric(14, 3),
    active boolean NOT NULL DEFAULT TRUE,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT location_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT location_warehouse_fkey FOREIGN KEY (tenant_id, warehouse_id)
    REFERENCES warehouse.warehouse (tenant_id, id),
    CONSTRAINT location_code_key UNIQUE (tenant_id, warehouse_id, code),
    -- What reservation lines reference, so a line's location is in its warehouse.
    CONSTRAINT location_warehouse_id_key UNIQUE (tenant_id, warehouse_id, id),
    CONSTRAINT location_code_check CHECK (code ~ '^[[:graph:]]{1,32}$'),
    CONSTRAINT location_capacity_check CHECK (capacity > 0),
    CONSTRAINT location_version_check CHECK (version > 0)
);
COMMENT ON TABLE warehouse.location IS 'A bin, shelf or area inside a warehouse.';
COMMENT ON COLUMN warehouse.location.capacity IS 'Optional upper bound on what it holds, in the products'' units.';
