-- api.record_demand_forecast: a model's forecast for one product in one
-- warehouse over a period. report.reorder_suggestions reads forecasts, and
-- no application could write one: planning.demand_forecast is not granted to
-- stockdb_app, and no api function wrote it.
CREATE OR REPLACE FUNCTION api.record_demand_forecast(
    product_id uuid,
    warehouse_id uuid,
    period_start date,
    period_end date,
    forecast_quantity numeric,
    model_name text DEFAULT 'manual',
    confidence numeric DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_product catalog.product;
    v_warehouse warehouse.warehouse;
    v_id uuid;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.record_demand_forecast');
    v_product := catalog.require_product(v_tenant_id, record_demand_forecast.product_id);
    v_warehouse := warehouse.require_warehouse(v_tenant_id, record_demand_forecast.warehouse_id);
    -- IS NOT FALSE: a NULL date made the test NULL, not true, and the row reached
    -- the table's NOT NULL as a bare 23502.
    IF (NOT isfinite(record_demand_forecast.period_start) OR NOT isfinite(record_demand_forecast.period_end)
        OR record_demand_forecast.period_end <= record_demand_forecast.period_start) IS NOT FALSE THEN
        RAISE EXCEPTION 'the period must end after it starts'
            USING ERRCODE = '22023',
                  DETAIL = format('period_start => %s, period_end => %s.',
                                  coalesce(record_demand_forecast.period_start::text, 'NULL'),
                                  coalesce(record_demand_forecast.period_end::text, 'NULL')),
                  HINT = 'period_end is the first day after the period: 2027-01-01 to 2027-02-01 is January.';
    END IF;
    PERFORM ops.require_date_in_calendar(record_demand_forecast.period_start, 'period_start');
    PERFORM ops.require_date_in_calendar(record_demand_forecast.period_end, 'period_end');
    PERFORM ops.require_finite(record_demand_forecast.forecast_quantity, 'forecast_quantity');
    IF record_demand_forecast.forecast_quantity IS NULL OR record_demand_forecast.forecast_quantity < 0
       OR record_demand_forecast.forecast_quantity >= 100000000000 THEN
        RAISE EXCEPTION 'forecast_quantity must be zero or more, below 100000000000'
            USING ERRCODE = '22023',
                  DETAIL = format('forecast_quantity => %s.', coalesce(record_demand_forecast.forecast_quantity::text, 'NULL')),
                  HINT = 'Pass the demand expected over the whole period, in the product''s unit.';
    END IF;
    PERFORM ops.require_text(
        record_demand_forecast.model_name, 'model_name', '^[[:graph:]]{1,64}$',
        'Pass a short name without spaces for the model, such as ''manual'' or ''arima-weekly''.'
    );
    -- As the forecast's trigger stores it (triggers/ops/nfc.sql): the model's
    -- earlier forecasts are found, and replaced, by that form.
    record_demand_forecast.model_name := normalize(record_demand_forecast.model_name, NFC);
    PERFORM ops.require_finite(record_demand_forecast.confidence, 'confidence');
    IF NOT record_demand_forecast.confidence BETWEEN 0 AND 1 THEN
        RAISE EXCEPTION 'confidence must be between 0 and 1'
            USING ERRCODE = '22023', DETAIL = format('confidence => %s.', record_demand_forecast.confidence),
                  HINT = 'Pass the model''s confidence as a fraction, or NULL.';
    END IF;

    -- A model publishes its forecasts again as it learns: the new one replaces
    -- those of the same model it overlaps. Two publications of one model for
    -- one product and warehouse take turns, or the second found the first's
    -- row only once it was committed and failed on the exclusion constraint.
    PERFORM pg_advisory_xact_lock(hashtextextended(
        'planning.demand_forecast/' || v_tenant_id || '/' || v_product.id || '/' || v_warehouse.id
        || '/' || record_demand_forecast.model_name,
        0
    ));
    -- The same forecast sent again changes nothing (not even which model is newest).
    SELECT df.id INTO v_id
    FROM planning.demand_forecast AS df
    WHERE df.tenant_id = v_tenant_id AND df.product_id = v_product.id AND df.warehouse_id = v_warehouse.id
      AND df.model_name = record_demand_forecast.model_name
      AND df.period_start = record_demand_forecast.period_start AND df.period_end = record_demand_forecast.period_end
      AND df.forecast_quantity = record_demand_forecast.forecast_quantity
      AND df.confidence IS NOT DISTINCT FROM record_demand_forecast.confidence;
    IF FOUND THEN
        RETURN v_id;
    END IF;
    DELETE FROM planning.demand_forecast AS df
    WHERE df.tenant_id = v_tenant_id AND df.product_id = v_product.id AND df.warehouse_id = v_warehouse.id
      AND df.model_name = record_demand_forecast.model_name
      AND daterange(df.period_start, df.period_end)
          && daterange(record_demand_forecast.period_start, record_demand_forecast.period_end);
    INSERT INTO planning.demand_forecast AS df (
        tenant_id, product_id, warehouse_id, period_start, period_end, forecast_quantity, model_name, confidence
    )
    VALUES (
        v_tenant_id, v_product.id, v_warehouse.id, record_demand_forecast.period_start,
        record_demand_forecast.period_end, record_demand_forecast.forecast_quantity,
        record_demand_forecast.model_name, record_demand_forecast.confidence
    )
    RETURNING df.id INTO v_id;
    RETURN v_id;
END
$$;

COMMENT ON FUNCTION api.record_demand_forecast(uuid, uuid, date, date, numeric, text, numeric) IS
'Records a model''s forecast of a product''s demand in a warehouse over [period_start, period_end) and '
'returns its id; it replaces the forecasts of the same model whose periods it overlaps, and the same '
'forecast sent again returns the recorded one. report.reorder_suggestions reads the newest model''s. '
'Errors: 42501, 22023 an empty or infinite period, a quantity below 0 or too large, a bad model_name, '
'a confidence outside 0 to 1, an inactive product or warehouse, SD404 unknown product or warehouse.';
