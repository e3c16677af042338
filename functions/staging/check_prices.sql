-- Rules of a price import beyond single cells: the SKU must be a live product,
-- once per file, and the price not negative. The products it names are held
-- from before the check (staging.lock_named_products): a delete waits for the
-- import, or the import for the delete and then reports the row, where the
-- apply's update skipped a product deleted after the check and counted its
-- row unchanged.
CREATE OR REPLACE FUNCTION staging.check_prices(tenant_id uuid, batch_id uuid, mode text)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count integer;
BEGIN
    PERFORM staging.lock_named_products(check_prices.tenant_id, check_prices.batch_id, 'price_row');
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_prices.tenant_id, check_prices.batch_id, s.row_number, e.column_name, e.value, e.reason
    FROM (
        SELECT r.row_number, staging.to_text(r.sku) AS sku, staging.to_integer(r.unit_price_minor) AS price,
               p.id AS product_id,
               min(r.row_number) OVER (PARTITION BY staging.to_text(r.sku)) AS first_row
        FROM staging.price_row AS r
        LEFT JOIN catalog.product AS p
            ON p.tenant_id = r.tenant_id AND p.sku = staging.to_text(r.sku) AND p.deleted_at IS NULL
        WHERE r.tenant_id = check_prices.tenant_id AND r.batch_id = check_prices.batch_id
    ) AS s
    CROSS JOIN LATERAL (VALUES
        ('sku', s.sku, CASE WHEN s.first_row <> s.row_number THEN format('SKU also on row %s', s.first_row) END),
        ('sku', s.sku, CASE WHEN s.product_id IS NULL THEN 'no live product with this SKU' END),
        ('unit_price_minor', s.price::text, CASE WHEN s.price < 0 THEN 'must be 0 or more' END)
    ) AS e (column_name, value, reason)
    WHERE e.reason IS NOT NULL AND s.sku IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_prices.tenant_id AND x.batch_id = check_prices.batch_id AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    -- A sheet that will be applied prices only products held since before the check.
    IF v_count = 0 THEN
        PERFORM staging.require_named_products_held(check_prices.tenant_id, check_prices.batch_id, 'price_row');
    END IF;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION staging.check_prices(uuid, uuid, text) IS
'Records the row errors of a prices batch (unknown SKU, SKU twice, negative price) and returns how many, '
'holding the products it names FOR KEY SHARE. Errors: 40001 when a product it names was added after it '
'took them (staging.require_named_products_held).';
