-- api.create_product
CREATE OR REPLACE FUNCTION api.create_product(
    sku text,
    name text,
    category_id uuid DEFAULT NULL,
    unit text DEFAULT 'ea',
    description text DEFAULT NULL,
    barcode text DEFAULT NULL,
    unit_price_minor bigint DEFAULT NULL,
    currency char(3) DEFAULT NULL,
    reorder_point numeric DEFAULT 0,
    safety_stock_level numeric DEFAULT 0,
    min_stock_level numeric DEFAULT 0,
    lead_time_days integer DEFAULT 0,
    hs_code text DEFAULT NULL,
    country_of_origin char(2) DEFAULT NULL,
    attributes jsonb DEFAULT '{}'
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
    v_id uuid;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.create_product');
    PERFORM ops.require_shallow_json(create_product.attributes, 'attributes');
    PERFORM ops.require_text(create_product.sku, 'sku', '^[[:graph:]]{1,64}$', 'Pass 1 to 64 visible characters, no spaces.');
    PERFORM ops.require_text(create_product.name, 'name', '[^[:space:]]', 'Pass the product''s name.');
    PERFORM ops.require_trimmed(create_product.name, 'name');
    PERFORM ops.require_length(create_product.name, 'name', 500),
            ops.require_length(create_product.description, 'description', 20000),
            ops.require_length(create_product.barcode, 'barcode', 64);
    -- Bounded before it goes into the message (a 100,000-character one came back whole).
    PERFORM ops.require_length(create_product.unit, 'unit', 100);
    IF NOT EXISTS (SELECT 1 FROM catalog.unit AS u WHERE u.code = create_product.unit) THEN
        RAISE EXCEPTION 'unknown unit %', ops.named(create_product.unit)
            USING ERRCODE = '22023', DETAIL = format('unit => %s.', ops.quoted_excerpt(create_product.unit)),
                  HINT = 'Use one of: ' || (SELECT string_agg(u.code, ', ' ORDER BY u.code) FROM catalog.unit AS u) || '.';
    END IF;
    IF create_product.category_id IS NOT NULL THEN
        PERFORM catalog.require_category(v_tenant_id, create_product.category_id);
    END IF;
    IF (create_product.unit_price_minor IS NULL) <> (create_product.currency IS NULL)
       OR create_product.unit_price_minor < 0 OR create_product.currency !~ '^[A-Z]{3}$' THEN
        RAISE EXCEPTION 'a price needs both unit_price_minor (zero or more) and an ISO 4217 currency'
            USING ERRCODE = '22023',
                  DETAIL = format(
                      'unit_price_minor => %s, currency => %s.', coalesce(create_product.unit_price_minor::text, 'NULL'),
                      ops.quoted_excerpt(create_product.currency)
                  ),
                  HINT = 'Pass both, or neither.';
    END IF;
    PERFORM ops.require_finite(create_product.reorder_point, 'reorder_point'),
            ops.require_finite(create_product.safety_stock_level, 'safety_stock_level'),
            ops.require_finite(create_product.min_stock_level, 'min_stock_level');
    IF coalesce(create_product.reorder_point, -1) < 0 OR coalesce(create_product.safety_stock_level, -1) < 0
       OR coalesce(create_product.min_stock_level, -1) < 0 THEN
        RAISE EXCEPTION 'stock levels must be zero or more'
            USING ERRCODE = '22023',
                  DETAIL = format('reorder_point => %s, safety_stock_level => %s, min_stock_level => %s.',
                                  coalesce(create_product.reorder_point::text, 'NULL'),
                                  coalesce(create_product.safety_stock_level::text, 'NULL'),
                                  coalesce(create_product.min_stock_level::text, 'NULL')),
                  HINT = 'reorder_point, safety_stock_level and min_stock_level are quantities.';
    END IF;
    IF create_product.lead_time_days IS NULL OR create_product.lead_time_days NOT BETWEEN 0 AND 3650 THEN
        RAISE EXCEPTION 'lead_time_days must be between 0 and 3650'
            USING ERRCODE = '22023', DETAIL = format('lead_time_days => %s.', coalesce(create_product.lead_time_days::text, 'NULL')),
                  HINT = 'Pass the days from order to receipt.';
    END IF;
    PERFORM catalog.require_trade_codes(create_product.hs_code, create_product.country_of_origin);
    PERFORM ops.require_json_object(create_product.attributes, 'attributes', 'Pass {"colour": "red", ...}.');
    INSERT INTO catalog.product AS p (
        tenant_id, sku, name, description, category_id, unit, barcode, attributes, unit_price_minor, currency,
        min_stock_level, reorder_point, safety_stock_level, lead_time_days, hs_code, country_of_origin
    )
    VALUES (
        v_tenant_id, create_product.sku, create_product.name, create_product.description, create_product.category_id,
        create_product.unit, create_product.barcode, coalesce(create_product.attributes, '{}'),
        create_product.unit_price_minor, create_product.currency, create_product.min_stock_level,
        create_product.reorder_point, create_product.safety_stock_level, create_product.lead_time_days,
        create_product.hs_code, create_product.country_of_origin
    )
    -- One message for a key taken, with the constraint the bare 23505 named
    -- (no DETAIL: row security hides the key), without a subtransaction.
    ON CONFLICT DO NOTHING
    RETURNING p.id INTO v_id;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'SKU % is already used', create_product.sku
            USING ERRCODE = '23505', CONSTRAINT = 'product_sku_live_key',
                  DETAIL = 'SKUs are unique among a tenant''s live products.',
                  HINT = 'Pass another SKU; api.update_product changes the existing product.';
    END IF;
    RETURN v_id;
END
$$;

COMMENT ON FUNCTION api.create_product(
    text, text, uuid, text, text, text, bigint, char, numeric, numeric, numeric, integer, text, char, jsonb
) IS
'Creates a product and returns its id. Errors: 42501, 22023 bad sku, name, unit, price, levels, lead time, '
'customs fields or attributes, a barcode over 64 characters, SD404 unknown category, 23505 SKU already '
'used by a live product.';
