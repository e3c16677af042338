-- depends: 0027_import_batch_phases
-- Ledger retention: DESIGN.md has pg_partman detach the ledger's old months.
-- A detached month stays in the database as a plain table, but it no longer
-- counts in the ledger's sum, so before it goes its sum per balance is added
-- to inventory.ledger_carry: a balance then equals its carry plus the rows
-- still attached. Off until a DBA sets keep_months (ops.set_ledger_retention).

-- squawk-ignore-file prefer-bigint-over-int
-- Waived: keep_months counts months (4 to 1200), never an id.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE TABLE ops.ledger_retention (
    singleton boolean NOT NULL DEFAULT TRUE,
    keep_months integer,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ledger_retention_pkey PRIMARY KEY (singleton),
    CONSTRAINT ledger_retention_singleton_check CHECK (singleton),
    CONSTRAINT ledger_retention_keep_months_check CHECK (keep_months BETWEEN 4 AND 1200)
);
COMMENT ON TABLE ops.ledger_retention IS
'One row: how many whole months before the current one the ledger keeps attached. NULL keeps every '
'month. Set with ops.set_ledger_retention; ops.run_partition_maintenance detaches the older months.';
INSERT INTO ops.ledger_retention (keep_months) VALUES (NULL);

CREATE TABLE ops.detached_ledger_month (
    table_name text NOT NULL,
    range_from timestamptz NOT NULL,
    range_to timestamptz NOT NULL,
    row_count bigint NOT NULL,
    detached_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT detached_ledger_month_pkey PRIMARY KEY (table_name),
    CONSTRAINT detached_ledger_month_range_check CHECK (range_from < range_to),
    CONSTRAINT detached_ledger_month_row_count_check CHECK (row_count >= 0)
);
COMMENT ON TABLE ops.detached_ledger_month IS
'Every month detached from inventory.stock_movement: the table that holds its rows now, its range and '
'row count. Rolling back migration 0028 attaches them again from this list.';

CREATE TABLE inventory.ledger_carry (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    product_id uuid NOT NULL,
    batch_id uuid,
    location_id uuid NOT NULL,
    on_hand numeric NOT NULL,
    reserved numeric NOT NULL,
    carried_to timestamptz NOT NULL,
    CONSTRAINT ledger_carry_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT ledger_carry_key UNIQUE NULLS NOT DISTINCT (tenant_id, product_id, batch_id, location_id),
    CONSTRAINT ledger_carry_product_fkey FOREIGN KEY (tenant_id, product_id)
    REFERENCES catalog.product (tenant_id, id),
    CONSTRAINT ledger_carry_batch_fkey FOREIGN KEY (tenant_id, product_id, batch_id)
    REFERENCES catalog.product_batch (tenant_id, product_id, id),
    CONSTRAINT ledger_carry_location_fkey FOREIGN KEY (tenant_id, location_id)
    REFERENCES warehouse.location (tenant_id, id)
);
COMMENT ON TABLE inventory.ledger_carry IS
'What the detached months of the ledger summed to, per product, batch and location: a balance equals '
'its carry plus its attached ledger rows. Written only by partition maintenance.';
COMMENT ON COLUMN inventory.ledger_carry.reserved IS
'The reservations less the releases of the detached months (the negated sum of those rows).';
COMMENT ON COLUMN inventory.ledger_carry.carried_to IS 'The end of the latest detached month carried here.';

-- For the foreign keys' checks when a product's batch or a location goes.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX ledger_carry_location_idx ON inventory.ledger_carry (tenant_id, location_id);

-- Months pg_partman makes from now on get the ledger's grants, as the ones
-- a migrate's ops.apply_grants saw do.
UPDATE partman.part_config SET inherit_privileges = TRUE
WHERE parent_table = 'inventory.stock_movement';
