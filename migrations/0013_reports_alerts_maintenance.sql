-- depends: 0012_uuid_v7_inlinable
-- What reports, alerts and scheduled maintenance keep: product levels they
-- read, the daily movement summary and the materialised reports over it,
-- the alert outbox with its de-duplication state, and the bookkeeping of
-- refreshes, maintenance runs, integrity findings and cron schedules.

-- squawk-ignore-file prefer-bigint-over-int, ban-char-field
-- Waived: the int columns are day counts and durations in milliseconds of one
-- run, never ids; there is no char field here beyond those the contract names.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- Levels the reports judge stock by. Constant defaults: no table rewrite.
ALTER TABLE catalog.product
ADD COLUMN max_stock_level numeric(14, 3),
ADD COLUMN expiry_alert_days integer NOT NULL DEFAULT 30,
ADD COLUMN preferred_supplier_id uuid;
-- The new column is NULL everywhere, so validating the key reads nothing.
-- squawk-ignore adding-foreign-key-constraint, constraint-missing-not-valid
ALTER TABLE catalog.product ADD CONSTRAINT product_preferred_supplier_fkey
FOREIGN KEY (tenant_id, preferred_supplier_id) REFERENCES procurement.supplier (tenant_id, id);
-- NULL everywhere when added, so the checks hold without reading a row.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product ADD CONSTRAINT product_max_stock_level_check
CHECK (max_stock_level >= reorder_point);
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product ADD CONSTRAINT product_expiry_alert_days_check
CHECK (expiry_alert_days BETWEEN 0 AND 3650);
COMMENT ON COLUMN catalog.product.max_stock_level IS
'Above this on hand a warehouse is overstocked (report.stock_on_hand); NULL: no ceiling.';
COMMENT ON COLUMN catalog.product.expiry_alert_days IS
'A batch expiring within this many days raises a batch_expiring alert.';
COMMENT ON COLUMN catalog.product.preferred_supplier_id IS
'The supplier report.reorder_suggestions proposes; without one, the last supplier ordered from.';

-- Created with the column, in the migration's transaction; CONCURRENTLY cannot run in one.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX product_preferred_supplier_idx ON catalog.product (tenant_id, preferred_supplier_id)
WHERE preferred_supplier_id IS NOT NULL;

-- Category names are searched too (api.search_products finds a product by
-- the name of any category above it).
-- A small table; the migration's transaction cannot build it CONCURRENTLY.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX product_category_name_search_idx ON catalog.product_category
USING gin (to_tsvector('english'::regconfig, name));

-- The daily movement summary, kept incrementally by ops.refresh_reports().
CREATE TABLE report.movement_daily (
    tenant_id uuid NOT NULL,
    day date NOT NULL,
    product_id uuid NOT NULL,
    warehouse_id uuid NOT NULL,
    movement_type inventory.stock_movement_type NOT NULL,
    movement_count bigint NOT NULL,
    quantity numeric(16, 3) NOT NULL,
    CONSTRAINT movement_daily_pkey PRIMARY KEY (tenant_id, day, product_id, warehouse_id, movement_type),
    CONSTRAINT movement_daily_count_check CHECK (movement_count > 0)
);
COMMENT ON TABLE report.movement_daily IS
'Per day (in the warehouse''s time zone) × product × warehouse × movement type: how many movements '
'and their summed signed quantity. Refreshed incrementally by ops.refresh_reports(): only the days '
'a transaction still running at the last refresh could have written to are recomputed.';
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX movement_daily_product_idx ON report.movement_daily (tenant_id, product_id, warehouse_id, day);

-- Trailing 90 days: stock that is held but hardly leaves.
CREATE MATERIALIZED VIEW report.slow_movers AS
WITH stock AS (
    SELECT
        i.tenant_id,
        i.product_id,
        l.warehouse_id,
        sum(i.on_hand) AS on_hand
    FROM inventory.inventory AS i
    INNER JOIN warehouse.location AS l ON i.tenant_id = l.tenant_id AND i.location_id = l.id
    WHERE i.deleted_at IS NULL
    GROUP BY i.tenant_id, i.product_id, l.warehouse_id
    HAVING sum(i.on_hand) > 0
),

outbound AS (
    SELECT
        d.tenant_id,
        d.product_id,
        d.warehouse_id,
        max(d.day) AS last_outbound_day,
        -sum(d.quantity) FILTER (WHERE d.day > current_date - 90) AS outbound_90d
    FROM report.movement_daily AS d
    WHERE d.movement_type IN ('sale_issue', 'consumption')
    GROUP BY d.tenant_id, d.product_id, d.warehouse_id
)

SELECT
    s.tenant_id,
    s.product_id,
    s.warehouse_id,
    s.on_hand,
    coalesce(o.outbound_90d, 0) AS outbound_90d,
    o.last_outbound_day,
    current_date - o.last_outbound_day AS days_since_outbound
FROM stock AS s
LEFT JOIN outbound AS o
    ON s.tenant_id = o.tenant_id AND s.product_id = o.product_id AND s.warehouse_id = o.warehouse_id
WHERE coalesce(o.outbound_90d, 0) < 0.1 * s.on_hand;
COMMENT ON MATERIALIZED VIEW report.slow_movers IS
'Product × warehouse holding stock whose sales and consumption over the trailing 90 days are below '
'10 % of what is on hand (or nil). Refreshed by ops.refresh_reports() from report.movement_daily.';
-- squawk-ignore require-concurrent-index-creation
CREATE UNIQUE INDEX slow_movers_key ON report.slow_movers (tenant_id, product_id, warehouse_id);

-- Trailing 365 days: how many times the average stock was sold or consumed.
CREATE MATERIALIZED VIEW report.inventory_turnover AS
WITH stock AS (
    SELECT
        i.tenant_id,
        i.product_id,
        l.warehouse_id,
        sum(i.on_hand) AS on_hand
    FROM inventory.inventory AS i
    INNER JOIN warehouse.location AS l ON i.tenant_id = l.tenant_id AND i.location_id = l.id
    WHERE i.deleted_at IS NULL
    GROUP BY i.tenant_id, i.product_id, l.warehouse_id
),

flow AS (
    SELECT
        d.tenant_id,
        d.product_id,
        d.warehouse_id,
        -sum(d.quantity) FILTER (WHERE d.movement_type IN ('sale_issue', 'consumption')) AS issued,
        sum(d.quantity) FILTER (WHERE d.movement_type NOT IN ('reservation', 'release')) AS net_change
    FROM report.movement_daily AS d
    WHERE d.day > current_date - 365
    GROUP BY d.tenant_id, d.product_id, d.warehouse_id
)

SELECT
    s.tenant_id,
    s.product_id,
    s.warehouse_id,
    coalesce(f.issued, 0) AS issued_365d,
    s.on_hand - coalesce(f.net_change, 0) AS on_hand_at_start,
    s.on_hand AS on_hand_now,
    round((2 * s.on_hand - coalesce(f.net_change, 0)) / 2, 3) AS average_on_hand,
    round(coalesce(f.issued, 0) / nullif((2 * s.on_hand - coalesce(f.net_change, 0)) / 2, 0), 3) AS turnover,
    round(s.on_hand / nullif(coalesce(f.issued, 0) / 365, 0), 1) AS days_of_supply
FROM stock AS s
LEFT JOIN flow AS f
    ON s.tenant_id = f.tenant_id AND s.product_id = f.product_id AND s.warehouse_id = f.warehouse_id;
COMMENT ON MATERIALIZED VIEW report.inventory_turnover IS
'Product × warehouse over the trailing 365 days: quantity sold or consumed, on hand at the start '
'(now minus the period''s net change) and now, their average, turnover (issued / average) and days '
'of supply at the period''s rate. Refreshed by ops.refresh_reports() from report.movement_daily.';
-- squawk-ignore require-concurrent-index-creation
CREATE UNIQUE INDEX inventory_turnover_key ON report.inventory_turnover (tenant_id, product_id, warehouse_id);

-- Refresh bookkeeping: statement triggers set dirty, a refresh clears it.
CREATE TABLE ops.report_refresh (
    report_name text NOT NULL,
    refresh_order integer NOT NULL,
    dirty boolean NOT NULL DEFAULT TRUE,
    horizon timestamptz,
    last_started_at timestamptz,
    last_refreshed_at timestamptz,
    last_duration_ms integer,
    refresh_count bigint NOT NULL DEFAULT 0,
    skipped_count bigint NOT NULL DEFAULT 0,
    CONSTRAINT report_refresh_pkey PRIMARY KEY (report_name),
    CONSTRAINT report_refresh_order_key UNIQUE (refresh_order)
);
COMMENT ON TABLE ops.report_refresh IS
'One row per refreshed report: dirty is set by statement triggers on what the report reads and '
'cleared by ops.refresh_reports(), which skips a clean report; horizon is the earliest time a '
'transaction still running at the last refresh could have written at (incremental reports).';
INSERT INTO ops.report_refresh (report_name, refresh_order) VALUES
('report.movement_daily', 1),
('report.slow_movers', 2),
('report.inventory_turnover', 3);

CREATE TABLE ops.maintenance_run (
    id bigint GENERATED ALWAYS AS IDENTITY,
    job_name text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    status text NOT NULL DEFAULT 'running',
    detail jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT maintenance_run_pkey PRIMARY KEY (id),
    CONSTRAINT maintenance_run_status_check CHECK (status IN ('running', 'ok', 'failed')),
    CONSTRAINT maintenance_run_finished_check CHECK ((status = 'running') = (finished_at IS NULL))
);
COMMENT ON TABLE ops.maintenance_run IS
'Every run of a maintenance procedure, by pg_cron or stockdb maintenance run: when, how it ended, what it did.';
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX maintenance_run_job_idx ON ops.maintenance_run (job_name, started_at DESC);

CREATE TABLE ops.cron_job (
    job_name text NOT NULL,
    schedule text NOT NULL,
    command text NOT NULL,
    enabled boolean NOT NULL DEFAULT TRUE,
    description text NOT NULL,
    CONSTRAINT cron_job_pkey PRIMARY KEY (job_name),
    CONSTRAINT cron_job_name_check CHECK (job_name ~ '^[a-z][a-z-]{0,39}$'),
    CONSTRAINT cron_job_schedule_check CHECK (btrim(schedule) <> '')
);
COMMENT ON TABLE ops.cron_job IS
'The maintenance jobs (pg_cron names them stockdb-<job_name>) and their schedules. sql/cron.sql '
'seeds the defaults without overwriting a changed schedule; ops.schedule_jobs() registers them with pg_cron.';

CREATE TABLE ops.integrity_check_result (
    id bigint GENERATED ALWAYS AS IDENTITY,
    run_id bigint NOT NULL,
    check_name text NOT NULL,
    tenant_id uuid,
    subject jsonb NOT NULL DEFAULT '{}',
    finding text NOT NULL,
    found_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT integrity_check_result_pkey PRIMARY KEY (id),
    CONSTRAINT integrity_check_result_run_fkey FOREIGN KEY (run_id) REFERENCES ops.maintenance_run (id)
);
COMMENT ON TABLE ops.integrity_check_result IS
'What ops.check_integrity() found, one row per finding, by the maintenance run that found it.';
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX integrity_check_result_run_idx ON ops.integrity_check_result (run_id);

-- The outbox: written in the transaction of the change, moved to MongoDB by the relay.
CREATE TABLE audit.outbox (
    id bigint GENERATED ALWAYS AS IDENTITY,
    tenant_id uuid,
    kind text NOT NULL,
    event_type text NOT NULL,
    subject text NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    relayed_at timestamptz,
    CONSTRAINT outbox_pkey PRIMARY KEY (id),
    CONSTRAINT outbox_kind_check CHECK (kind IN ('audit', 'alert')),
    CONSTRAINT outbox_event_type_check CHECK (event_type ~ '^[a-z_]{1,60}$'),
    CONSTRAINT outbox_payload_check CHECK (jsonb_typeof(payload) = 'object')
);
COMMENT ON TABLE audit.outbox IS
'Audit events and alerts waiting for MongoDB, written in the same transaction as what they report; '
'relayed_at is set once MongoDB acknowledged them.';
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX outbox_pending_idx ON audit.outbox (id) WHERE relayed_at IS NULL;

CREATE TABLE audit.alert_state (
    tenant_id uuid NOT NULL,
    alert_type text NOT NULL,
    subject text NOT NULL,
    active boolean NOT NULL,
    raised_at timestamptz NOT NULL,
    cleared_at timestamptz,
    raise_count bigint NOT NULL DEFAULT 1,
    CONSTRAINT alert_state_pkey PRIMARY KEY (tenant_id, alert_type, subject),
    CONSTRAINT alert_state_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant (id),
    CONSTRAINT alert_state_type_check CHECK (
        alert_type IN ('low_stock', 'out_of_stock', 'batch_expiring', 'shipment_delayed', 'integrity')
    ),
    CONSTRAINT alert_state_cleared_check CHECK (active = (cleared_at IS NULL))
);
COMMENT ON TABLE audit.alert_state IS
'Whether each alert condition is currently raised, so a condition raises one alert until it clears.';
