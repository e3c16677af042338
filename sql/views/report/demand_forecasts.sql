-- Demand forecasts as an application reads them: what api.record_demand_forecast
-- recorded (the id it returned), and what report.reorder_suggestions reads.
CREATE OR REPLACE VIEW report.demand_forecasts WITH (security_barrier = TRUE) AS
SELECT
    f.tenant_id,
    f.id AS forecast_id,
    f.product_id,
    p.sku,
    f.warehouse_id,
    w.code AS warehouse_code,
    f.period_start,
    f.period_end,
    f.forecast_quantity,
    f.model_name,
    f.confidence,
    f.created_at,
    f.updated_at
FROM planning.demand_forecast AS f
INNER JOIN catalog.product AS p ON f.tenant_id = p.tenant_id AND f.product_id = p.id
INNER JOIN warehouse.warehouse AS w ON f.tenant_id = w.tenant_id AND f.warehouse_id = w.id;

COMMENT ON VIEW report.demand_forecasts IS
'Every demand forecast of the calling tenant: product, warehouse, the period [period_start, period_end), '
'quantity, model and confidence. report.reorder_suggestions reads the newest model''s.';
