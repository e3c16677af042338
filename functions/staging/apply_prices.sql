-- Applies a validated prices batch: only products whose price or currency differs are written.
CREATE OR REPLACE FUNCTION staging.apply_prices(
    tenant_id uuid, batch_id uuid, mode text,
    OUT inserted integer, OUT updated integer, OUT unchanged integer
)
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_rows integer;
BEGIN
    UPDATE catalog.product AS p
    SET unit_price_minor = staging.to_integer(r.unit_price_minor), currency = staging.to_currency(r.currency)
    FROM staging.price_row AS r
    WHERE r.tenant_id = apply_prices.tenant_id AND r.batch_id = apply_prices.batch_id
      AND p.tenant_id = r.tenant_id AND p.sku = staging.to_text(r.sku) AND p.deleted_at IS NULL
      AND (p.unit_price_minor, p.currency::text)
          IS DISTINCT FROM (staging.to_integer(r.unit_price_minor), staging.to_currency(r.currency))
      AND apply_prices.mode = 'upsert';
    GET DIAGNOSTICS updated = ROW_COUNT;
    SELECT count(*) INTO v_rows FROM staging.price_row AS r
    WHERE r.tenant_id = apply_prices.tenant_id AND r.batch_id = apply_prices.batch_id;
    inserted := 0;
    unchanged := v_rows - updated;
END
$$;
COMMENT ON FUNCTION staging.apply_prices(uuid, uuid, text) IS
'Sets the list price and currency of each SKU of a validated prices batch where they differ; returns '
'the counts (updated, unchanged).';
