-- A products batch's rows as the products they would become: cells typed,
-- the category found by path, the live product of the same SKU found, and
-- every column the sheet did not have taken from that product (or the
-- default), so an upsert changes only what the file carries. A new SKU is
-- tested first, so its row never searches the sheet's column list.
CREATE OR REPLACE FUNCTION staging.product_source(tenant_id uuid, batch_id uuid)
RETURNS TABLE (
    row_number integer, sku text, product_id uuid, category_path text, category_found boolean,
    name text, description text, category_id uuid, unit text, barcode text,
    unit_price_minor bigint, currency text, min_stock_level numeric, reorder_point numeric,
    safety_stock_level numeric, max_stock_level numeric, lead_time_days integer,
    hs_code text, country_of_origin text, active boolean, changed boolean
)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH batch AS (
        SELECT b.columns AS c FROM staging.import_batch AS b
        WHERE b.tenant_id = product_source.tenant_id AND b.id = product_source.batch_id
    ),
    paths AS (SELECT cp.id, cp.name_path FROM catalog.category_paths(product_source.tenant_id) AS cp),
    typed AS (
        SELECT
            r.row_number, staging.to_text(r.sku) AS sku, p AS old,
            staging.to_path(staging.to_text(r.category)) AS category_path, cat.id AS category_id,
            CASE WHEN p.id IS NULL OR 'name' = ANY (batch.c) THEN staging.to_text(r.name) ELSE p.name END AS name,
            CASE WHEN p.id IS NULL OR 'description' = ANY (batch.c)
                THEN staging.to_text(r.description) ELSE p.description END AS description,
            CASE WHEN p.id IS NULL OR 'category' = ANY (batch.c)
                THEN cat.id ELSE p.category_id END AS new_category_id,
            CASE WHEN p.id IS NULL OR 'unit' = ANY (batch.c)
                THEN coalesce(lower(staging.to_text(r.unit)), 'ea') ELSE p.unit END AS unit,
            CASE WHEN p.id IS NULL OR 'barcode' = ANY (batch.c) THEN staging.to_text(r.barcode) ELSE p.barcode END
                AS barcode,
            CASE WHEN p.id IS NULL OR 'unit_price_minor' = ANY (batch.c)
                THEN staging.to_integer(r.unit_price_minor) ELSE p.unit_price_minor END AS unit_price_minor,
            CASE WHEN p.id IS NULL OR 'currency' = ANY (batch.c)
                THEN staging.to_currency(r.currency) ELSE p.currency::text END AS currency,
            CASE WHEN p.id IS NULL OR 'min_stock_level' = ANY (batch.c)
                THEN coalesce(staging.to_decimal(r.min_stock_level), 0) ELSE p.min_stock_level END AS min_stock_level,
            CASE WHEN p.id IS NULL OR 'reorder_point' = ANY (batch.c)
                THEN coalesce(staging.to_decimal(r.reorder_point), 0) ELSE p.reorder_point END AS reorder_point,
            CASE WHEN p.id IS NULL OR 'safety_stock_level' = ANY (batch.c)
                THEN coalesce(staging.to_decimal(r.safety_stock_level), 0) ELSE p.safety_stock_level END
                AS safety_stock_level,
            CASE WHEN p.id IS NULL OR 'max_stock_level' = ANY (batch.c)
                THEN staging.to_decimal(r.max_stock_level) ELSE p.max_stock_level END AS max_stock_level,
            CASE WHEN p.id IS NULL OR 'lead_time_days' = ANY (batch.c)
                THEN coalesce(staging.to_integer(r.lead_time_days), 0) ELSE p.lead_time_days END AS lead_time_days,
            CASE WHEN p.id IS NULL OR 'hs_code' = ANY (batch.c) THEN staging.to_text(r.hs_code) ELSE p.hs_code END
                AS hs_code,
            CASE WHEN p.id IS NULL OR 'country_of_origin' = ANY (batch.c)
                THEN upper(staging.to_text(r.country_of_origin)) ELSE p.country_of_origin::text END
                AS country_of_origin,
            CASE WHEN p.id IS NULL OR 'active' = ANY (batch.c)
                THEN coalesce(staging.to_boolean(r.active), TRUE) ELSE p.active END AS active
        FROM staging.product_row AS r
        CROSS JOIN batch
        LEFT JOIN paths AS cat ON cat.name_path = staging.to_path(staging.to_text(r.category))
        LEFT JOIN catalog.product AS p
            ON p.tenant_id = r.tenant_id AND p.sku = staging.to_text(r.sku) AND p.deleted_at IS NULL
        WHERE r.tenant_id = product_source.tenant_id AND r.batch_id = product_source.batch_id
    )
    SELECT
        t.row_number, t.sku, (t.old).id, t.category_path, t.category_id IS NOT NULL,
        t.name, t.description, t.new_category_id, t.unit, t.barcode, t.unit_price_minor, t.currency,
        t.min_stock_level, t.reorder_point, t.safety_stock_level, t.max_stock_level, t.lead_time_days,
        t.hs_code, t.country_of_origin, t.active,
        (t.old).id IS NOT NULL AND (
            t.name, t.description, t.new_category_id, t.unit, t.barcode, t.unit_price_minor, t.currency,
            t.min_stock_level, t.reorder_point, t.safety_stock_level, t.max_stock_level, t.lead_time_days,
            t.hs_code, t.country_of_origin, t.active
        ) IS DISTINCT FROM (
            (t.old).name, (t.old).description, (t.old).category_id, (t.old).unit, (t.old).barcode,
            (t.old).unit_price_minor, (t.old).currency::text, (t.old).min_stock_level, (t.old).reorder_point,
            (t.old).safety_stock_level, (t.old).max_stock_level, (t.old).lead_time_days, (t.old).hs_code,
            (t.old).country_of_origin::text, (t.old).active
        )
    FROM typed AS t
$$;
COMMENT ON FUNCTION staging.product_source(uuid, uuid) IS
'The rows of a products batch typed and merged with the live product of the same SKU (columns the '
'sheet lacks keep the product''s values); changed says whether applying would alter that product.';
