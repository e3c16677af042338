-- depends: 0008_logistics
-- Demand forecasts.

-- squawk-ignore-file prefer-bigint-over-int, prefer-bigint-over-smallint, ban-char-field
-- Waived: int and smallint columns here are versions, day counts, depths and
-- decimal places, never ids, and cannot approach their limits; char(3) is the
-- ISO 4217 currency code DESIGN.md's contract names, held to [A-Z]{3} by CHECK.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE TABLE planning.demand_forecast (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    product_id uuid NOT NULL,
    warehouse_id uuid NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    forecast_quantity numeric(14, 3) NOT NULL,
    model_name text NOT NULL DEFAULT 'manual',
    confidence numeric(4, 3),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT demand_forecast_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT demand_forecast_product_fkey FOREIGN KEY (tenant_id, product_id)
    REFERENCES catalog.product (tenant_id, id),
    CONSTRAINT demand_forecast_warehouse_fkey FOREIGN KEY (tenant_id, warehouse_id)
    REFERENCES warehouse.warehouse (tenant_id, id),
    CONSTRAINT demand_forecast_period_check CHECK (period_end > period_start),
    CONSTRAINT demand_forecast_quantity_check CHECK (forecast_quantity >= 0),
    CONSTRAINT demand_forecast_model_name_check CHECK (model_name ~ '^[[:graph:]]{1,64}$'),
    CONSTRAINT demand_forecast_confidence_check CHECK (confidence BETWEEN 0 AND 1),
    CONSTRAINT demand_forecast_no_overlap EXCLUDE USING gist (
        tenant_id WITH =,
        product_id WITH =,
        warehouse_id WITH =,
        model_name WITH =,
        daterange(period_start, period_end) WITH &&
    )
);
COMMENT ON TABLE planning.demand_forecast IS
'Expected demand of a product at a warehouse over [period_start, period_end); '
'periods of one model never overlap.';
COMMENT ON COLUMN planning.demand_forecast.period_end IS 'Exclusive: the first day after the period.';
COMMENT ON COLUMN planning.demand_forecast.confidence IS 'The model''s confidence, 0 to 1.';

CREATE INDEX demand_forecast_warehouse_idx ON planning.demand_forecast (tenant_id, warehouse_id);
