-- Applies a validated products batch: changed products updated (upsert),
-- new SKUs inserted, through the table's own constraints and triggers.
CREATE OR REPLACE FUNCTION staging.apply_products(
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
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: product_source_rows (row_number integer, sku text, product_id uuid, '
            'category_path text, category_found boolean, name text, description text, category_id '
            'uuid, unit text, barcode text, unit_price_minor bigint, currency text, min_stock_level '
            'numeric, reorder_point numeric, safety_stock_level numeric, max_stock_level numeric, '
            'lead_time_days integer, hs_code text, country_of_origin text, active boolean, changed '
            'boolean)';
    PERFORM staging.keep_source(
        'product_source', apply_products.tenant_id, apply_products.batch_id
    );
    -- One pass over the typed rows serves the updates, the inserts and the count.
    WITH s AS MATERIALIZED (
        SELECT * FROM pg_temp.product_source_rows
    ),
    changed AS (
        UPDATE catalog.product AS p
        SET name = s.name, description = s.description, category_id = s.category_id, unit = s.unit,
            barcode = s.barcode, unit_price_minor = s.unit_price_minor, currency = s.currency,
            min_stock_level = s.min_stock_level, reorder_point = s.reorder_point,
            safety_stock_level = s.safety_stock_level, max_stock_level = s.max_stock_level,
            lead_time_days = s.lead_time_days, hs_code = s.hs_code, country_of_origin = s.country_of_origin,
            active = s.active
        FROM s
        WHERE p.tenant_id = apply_products.tenant_id AND p.id = s.product_id AND s.changed
        RETURNING 1
    ),
    added AS (
        INSERT INTO catalog.product (
            tenant_id, sku, name, description, category_id, unit, barcode, unit_price_minor, currency,
            min_stock_level, reorder_point, safety_stock_level, max_stock_level, lead_time_days, hs_code,
            country_of_origin, active
        )
        SELECT apply_products.tenant_id, s.sku, s.name, s.description, s.category_id, s.unit, s.barcode,
               s.unit_price_minor, s.currency, s.min_stock_level, s.reorder_point, s.safety_stock_level,
               s.max_stock_level, s.lead_time_days, s.hs_code, s.country_of_origin, s.active
        FROM s
        WHERE s.product_id IS NULL
        ORDER BY s.row_number
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM added), (SELECT count(*) FROM changed), (SELECT count(*) FROM s)
    INTO inserted, updated, v_rows;
    unchanged := v_rows - inserted - updated;
END
$$;
COMMENT ON FUNCTION staging.apply_products(uuid, uuid, text) IS
'Writes a validated products batch to catalog.product: updates the SKUs whose values changed, inserts '
'the new ones, and returns the counts.';
