-- depends: 0002_auth
-- Units of measure, the category tree, products and their batches.

-- squawk-ignore-file prefer-bigint-over-int, prefer-bigint-over-smallint, ban-char-field
-- Waived: int and smallint columns here are versions, day counts, depths and
-- decimal places, never ids, and cannot approach their limits; char(3) is the
-- ISO 4217 currency code DESIGN.md's contract names, held to [A-Z]{3} by CHECK.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE TABLE catalog.unit (
    code text NOT NULL,
    name text NOT NULL,
    decimal_places smallint NOT NULL,
    CONSTRAINT unit_pkey PRIMARY KEY (code),
    CONSTRAINT unit_code_check CHECK (code ~ '^[a-z][a-z0-9_]{0,15}$'),
    CONSTRAINT unit_decimal_places_check CHECK (decimal_places BETWEEN 0 AND 3)
);
COMMENT ON TABLE catalog.unit IS
'Units of measure a product can be counted in; shared by all tenants.';
COMMENT ON COLUMN catalog.unit.decimal_places IS
'How many decimals a quantity in this unit may have (0 for pieces, 3 for kg).';

INSERT INTO catalog.unit (code, name, decimal_places) VALUES
('ea', 'each', 0),
('pack', 'pack', 0),
('box', 'box', 0),
('case', 'case', 0),
('pallet', 'pallet', 0),
('pair', 'pair', 0),
('set', 'set', 0),
('roll', 'roll', 0),
('kg', 'kilogram', 3),
('g', 'gram', 3),
('t', 'tonne', 3),
('l', 'litre', 3),
('ml', 'millilitre', 3),
('m', 'metre', 3),
('cm', 'centimetre', 3),
('m2', 'square metre', 3),
('m3', 'cubic metre', 3);

CREATE TABLE catalog.product_category (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    parent_id uuid,
    name text NOT NULL,
    path text NOT NULL,
    depth smallint NOT NULL,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT product_category_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT product_category_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant (id),
    CONSTRAINT product_category_parent_fkey FOREIGN KEY (tenant_id, parent_id)
    REFERENCES catalog.product_category (tenant_id, id),
    CONSTRAINT product_category_name_key UNIQUE NULLS NOT DISTINCT (tenant_id, parent_id, name),
    CONSTRAINT product_category_name_check CHECK (btrim(name) <> ''),
    CONSTRAINT product_category_not_own_parent_check CHECK (parent_id <> id),
    CONSTRAINT product_category_path_check CHECK (path ~ '^(/[0-9a-f-]{36})+/$'),
    CONSTRAINT product_category_depth_check CHECK (depth >= 0),
    CONSTRAINT product_category_version_check CHECK (version > 0)
);
COMMENT ON TABLE catalog.product_category IS
'A tree of product categories, one per tenant; cycles are impossible.';
COMMENT ON COLUMN catalog.product_category.path IS
'Ids from the root down to this node, as /id/id/…/; kept by trigger, so a subtree is '
'every row whose path starts with this one''s.';
COMMENT ON COLUMN catalog.product_category.depth IS '0 for a root; kept by trigger.';

CREATE INDEX product_category_parent_idx ON catalog.product_category (tenant_id, parent_id);
CREATE INDEX product_category_path_idx ON catalog.product_category (tenant_id, path text_pattern_ops);

CREATE TABLE catalog.product (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    sku text NOT NULL,
    name text NOT NULL,
    description text,
    category_id uuid,
    unit text NOT NULL DEFAULT 'ea',
    barcode text,
    attributes jsonb NOT NULL DEFAULT '{}',
    unit_price_minor bigint,
    currency char(3),
    min_stock_level numeric(14, 3) NOT NULL DEFAULT 0,
    reorder_point numeric(14, 3) NOT NULL DEFAULT 0,
    safety_stock_level numeric(14, 3) NOT NULL DEFAULT 0,
    lead_time_days integer NOT NULL DEFAULT 0,
    hs_code text,
    country_of_origin char(2),
    active boolean NOT NULL DEFAULT TRUE,
    deleted_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, sku), 'A')
        || setweight(to_tsvector('english'::regconfig, name), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')
    ) STORED,
    CONSTRAINT product_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT product_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant (id),
    CONSTRAINT product_category_fkey FOREIGN KEY (tenant_id, category_id)
    REFERENCES catalog.product_category (tenant_id, id),
    CONSTRAINT product_unit_fkey FOREIGN KEY (unit) REFERENCES catalog.unit (code),
    CONSTRAINT product_sku_check CHECK (sku ~ '^[[:graph:]]{1,64}$'),
    CONSTRAINT product_name_check CHECK (btrim(name) <> ''),
    CONSTRAINT product_attributes_check CHECK (jsonb_typeof(attributes) = 'object'),
    CONSTRAINT product_price_check CHECK (
        (unit_price_minor IS NULL) = (currency IS NULL) AND unit_price_minor >= 0 AND currency ~ '^[A-Z]{3}$'
    ),
    CONSTRAINT product_levels_check CHECK (
        min_stock_level >= 0 AND reorder_point >= 0 AND safety_stock_level >= 0
    ),
    CONSTRAINT product_lead_time_days_check CHECK (lead_time_days BETWEEN 0 AND 3650),
    CONSTRAINT product_hs_code_check CHECK (hs_code ~ '^[0-9]{6,10}$'),
    CONSTRAINT product_country_of_origin_check CHECK (country_of_origin ~ '^[A-Z]{2}$'),
    CONSTRAINT product_version_check CHECK (version > 0)
);
COMMENT ON TABLE catalog.product IS
'Something a tenant stocks; soft-deleted with deleted_at, and its SKU can then be reused.';
COMMENT ON COLUMN catalog.product.unit_price_minor IS 'List price in minor units of currency.';
COMMENT ON COLUMN catalog.product.reorder_point IS 'Replenish when available stock falls to this.';
COMMENT ON COLUMN catalog.product.safety_stock_level IS 'Buffer kept against demand and lead-time variation.';
COMMENT ON COLUMN catalog.product.min_stock_level IS 'Below this the product is reported as critically low.';
COMMENT ON COLUMN catalog.product.hs_code IS 'Harmonized System code, for customs on international shipments.';
COMMENT ON COLUMN catalog.product.country_of_origin IS 'ISO 3166-1 alpha-2, for customs.';
COMMENT ON COLUMN catalog.product.search IS 'Full-text vector: SKU (A), name (B), description (C).';

CREATE UNIQUE INDEX product_sku_live_key ON catalog.product (tenant_id, sku) WHERE deleted_at IS NULL;
CREATE INDEX product_category_idx ON catalog.product (tenant_id, category_id);
CREATE INDEX product_barcode_idx ON catalog.product (tenant_id, barcode) WHERE barcode IS NOT NULL;
CREATE INDEX product_search_idx ON catalog.product USING gin (search);
CREATE INDEX product_name_trgm_idx ON catalog.product USING gin (name public.gin_trgm_ops);
CREATE INDEX product_sku_trgm_idx ON catalog.product USING gin (sku public.gin_trgm_ops);

CREATE TABLE catalog.product_batch (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    product_id uuid NOT NULL,
    batch_number text NOT NULL,
    manufacture_date date,
    expiry_date date,
    received_at timestamptz NOT NULL DEFAULT now(),
    unit_cost_minor bigint,
    currency char(3),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT product_batch_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT product_batch_product_fkey FOREIGN KEY (tenant_id, product_id)
    REFERENCES catalog.product (tenant_id, id),
    CONSTRAINT product_batch_number_key UNIQUE (tenant_id, product_id, batch_number),
    -- What balances, movements and reservations reference, so a batch can
    -- only ever be used with its own product.
    CONSTRAINT product_batch_product_id_key UNIQUE (tenant_id, product_id, id),
    CONSTRAINT product_batch_number_check CHECK (btrim(batch_number) <> ''),
    CONSTRAINT product_batch_dates_check CHECK (manufacture_date <= expiry_date),
    CONSTRAINT product_batch_cost_check CHECK (
        (unit_cost_minor IS NULL) = (currency IS NULL) AND unit_cost_minor >= 0 AND currency ~ '^[A-Z]{3}$'
    )
);
COMMENT ON TABLE catalog.product_batch IS
'A lot of a product with its dates and cost; allocation is FEFO by expiry_date, then FIFO by received_at.';
COMMENT ON COLUMN catalog.product_batch.unit_cost_minor IS
'Cost of one unit of this batch, for valuation by specific identification.';

CREATE INDEX product_batch_expiry_idx ON catalog.product_batch (tenant_id, product_id, expiry_date, received_at);
