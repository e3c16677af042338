-- api.update_product: change what is given (NULL leaves a field as it is).
CREATE OR REPLACE FUNCTION api.update_product(
    product_id uuid,
    version integer,
    name text DEFAULT NULL,
    description text DEFAULT NULL,
    category_id uuid DEFAULT NULL,
    unit text DEFAULT NULL,
    barcode text DEFAULT NULL,
    unit_price_minor bigint DEFAULT NULL,
    currency char(3) DEFAULT NULL,
    reorder_point numeric DEFAULT NULL,
    safety_stock_level numeric DEFAULT NULL,
    min_stock_level numeric DEFAULT NULL,
    lead_time_days integer DEFAULT NULL,
    hs_code text DEFAULT NULL,
    country_of_origin char(2) DEFAULT NULL,
    attributes jsonb DEFAULT NULL,
    active boolean DEFAULT NULL,
    preferred_supplier_id uuid DEFAULT NULL,
    clear text[] DEFAULT NULL
)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_product catalog.product;
    v_version integer;
    v_supplier procurement.supplier;
    v_price bigint;
    v_currency text;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_product');
    PERFORM ops.require_id(update_product.product_id, 'product_id', 'product');
    PERFORM ops.require_clearable(
        update_product.clear,
        ARRAY[
            'description', 'category_id', 'barcode', 'unit_price_minor', 'currency', 'hs_code',
            'country_of_origin', 'preferred_supplier_id'
        ],
        jsonb_build_object(
            'description', update_product.description,
            'category_id', update_product.category_id,
            'barcode', update_product.barcode,
            'unit_price_minor', update_product.unit_price_minor,
            'currency', update_product.currency,
            'hs_code', update_product.hs_code,
            'country_of_origin', update_product.country_of_origin,
            'preferred_supplier_id', update_product.preferred_supplier_id
        )
    );
    PERFORM ops.require_shallow_json(update_product.attributes, 'attributes');
    PERFORM ops.require_currency(update_product.currency, 'currency');
    PERFORM catalog.require_trade_codes(update_product.hs_code, update_product.country_of_origin);
    PERFORM ops.require_length(update_product.unit, 'unit', 100);
    IF update_product.unit IS NOT NULL AND NOT EXISTS (SELECT 1 FROM catalog.unit AS u WHERE u.code = update_product.unit) THEN
        RAISE EXCEPTION 'unknown unit %', ops.named(update_product.unit)
            USING ERRCODE = '22023', DETAIL = format('unit => %s.', ops.quoted_excerpt(update_product.unit)),
                  HINT = 'Use one of: ' || (SELECT string_agg(u.code, ', ' ORDER BY u.code) FROM catalog.unit AS u) || '.';
    END IF;
    -- The row first, then, for a new reorder point or active flag (judged below:
    -- the low_stock threshold moves, an inactive product has no stock alerts),
    -- the product's stock locks in every warehouse: the order a movement takes
    -- them in (the row FOR KEY SHARE, catalog.lock_product, then the stock) and
    -- a products import (its rows, then its warehouses' stock). Taken the other
    -- way round, a new unit's FOR UPDATE waited for a movement that held the row
    -- and waited for those stock locks, and a products import holding the
    -- stock waited for the row: both deadlocked. Only a change takes the stock
    -- locks: a form saving every field passes them unchanged.
    -- NO KEY UPDATE, as the UPDATE below takes: calls under way that take the
    -- row FOR KEY SHARE neither wait for this nor hold it up. A new unit does
    -- wait for them (FOR UPDATE, as its trigger takes), once a product already
    -- counted in its unit, which stays so, has been refused before any lock.
    SELECT p.* INTO v_product
    FROM catalog.product AS p
    WHERE p.tenant_id = v_tenant_id AND p.id = update_product.product_id AND p.deleted_at IS NULL;
    IF FOUND AND v_product.unit IS DISTINCT FROM update_product.unit AND update_product.unit IS NOT NULL
       AND v_product.version = update_product.version THEN
        PERFORM catalog.require_unit_changeable(v_product, update_product.unit);
        SELECT p.* INTO v_product
        FROM catalog.product AS p
        WHERE p.tenant_id = v_tenant_id AND p.id = update_product.product_id AND p.deleted_at IS NULL
        FOR UPDATE;
        -- The calls it waited for may have counted something in the unit (a
        -- receipt, then a reservation): asked again now that no call can, it is
        -- refused here, before the stock locks below. Refused by the trigger
        -- after them, it waited for a call closing that reservation, which held
        -- the stock and waited for the row (40P01 in the stock chaos test).
        -- Entered only when FOUND, which the PERFORM leaves true.
        IF FOUND AND v_product.version = update_product.version AND v_product.unit IS DISTINCT FROM update_product.unit THEN
            PERFORM catalog.require_unit_changeable(v_product, update_product.unit);
        END IF;
    ELSE
        SELECT p.* INTO v_product
        FROM catalog.product AS p
        WHERE p.tenant_id = v_tenant_id AND p.id = update_product.product_id AND p.deleted_at IS NULL
        FOR NO KEY UPDATE;
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'product % not found', update_product.product_id
            USING ERRCODE = 'SD404', DETAIL = 'No live product with this id belongs to the calling tenant.',
                  HINT = 'Check the id.';
    END IF;
    PERFORM ops.check_version('product', v_product.id, update_product.version, v_product.version);
    IF coalesce(update_product.reorder_point <> v_product.reorder_point, FALSE)
       OR coalesce(update_product.active <> v_product.active, FALSE) THEN
        PERFORM inventory.lock_stock(
            v_tenant_id, ARRAY[update_product.product_id],
            ARRAY(SELECT w.id FROM warehouse.warehouse AS w WHERE w.tenant_id = v_tenant_id)
        );
    END IF;
    PERFORM ops.require_length(update_product.name, 'name', 500),
            ops.require_length(update_product.description, 'description', 20000),
            ops.require_length(update_product.barcode, 'barcode', 64);
    PERFORM ops.require_finite(update_product.reorder_point, 'reorder_point'),
            ops.require_finite(update_product.safety_stock_level, 'safety_stock_level'),
            ops.require_finite(update_product.min_stock_level, 'min_stock_level');
    PERFORM ops.require_unblank(update_product.name, 'name'),
            ops.require_json_object(update_product.attributes, 'attributes', 'Pass {"key": value, ...}, or NULL to keep them.');
    PERFORM ops.require_trimmed(update_product.name, 'name');
    IF update_product.reorder_point < 0 OR update_product.safety_stock_level < 0 OR update_product.min_stock_level < 0 THEN
        RAISE EXCEPTION 'stock levels must be zero or more'
            USING ERRCODE = '22023',
                  DETAIL = format('reorder_point => %s, safety_stock_level => %s, min_stock_level => %s.',
                                  coalesce(update_product.reorder_point::text, 'NULL'),
                                  coalesce(update_product.safety_stock_level::text, 'NULL'),
                                  coalesce(update_product.min_stock_level::text, 'NULL')),
                  HINT = 'reorder_point, safety_stock_level and min_stock_level are quantities; NULL keeps one.';
    END IF;
    PERFORM ops.require_lead_time_days(
        update_product.lead_time_days, 'Pass the typical days from order to receipt, or NULL to keep them.'
    );
    IF update_product.category_id IS NOT NULL THEN
        PERFORM catalog.require_category(v_tenant_id, update_product.category_id);
    END IF;
    -- Reorder suggestions propose it; no call could set it before.
    IF update_product.preferred_supplier_id IS NOT NULL THEN
        v_supplier := procurement.require_supplier(v_tenant_id, update_product.preferred_supplier_id);
        IF NOT v_supplier.active THEN
            RAISE EXCEPTION 'supplier % is inactive', v_supplier.code
                USING ERRCODE = '22023',
                      DETAIL = format('preferred_supplier_id => %s: supplier %s is marked inactive.', v_supplier.id,
                                      v_supplier.code),
                      HINT = 'Reactivate the supplier (api.update_supplier), or prefer another.';
        END IF;
    END IF;
    -- The price the row would have, as create_product holds one.
    v_price := ops.kept_or_cleared(
        update_product.unit_price_minor, v_product.unit_price_minor, 'unit_price_minor' = ANY (update_product.clear)
    );
    v_currency := ops.kept_or_cleared(
        update_product.currency::text, v_product.currency::text, 'currency' = ANY (update_product.clear)
    );
    PERFORM ops.require_whole_amount(
        v_price, v_currency, 'price', 'unit_price_minor',
        format('unit_price_minor => %s, currency => %s, clear => %s',
               coalesce(update_product.unit_price_minor::text, 'NULL'),
               ops.quoted_excerpt(update_product.currency), coalesce(update_product.clear::text, 'NULL'))
    );
    -- The maximum comes from a products import (this call takes none); a
    -- reorder point above it reached product_max_stock_level_check as a bare
    -- 23514.
    IF update_product.reorder_point > v_product.max_stock_level THEN
        RAISE EXCEPTION 'reorder_point cannot be above max_stock_level'
            USING ERRCODE = '22023',
                  DETAIL = format('reorder_point => %s; product %s has max_stock_level %s.',
                                  update_product.reorder_point, v_product.sku, v_product.max_stock_level),
                  HINT = 'Pass a reorder point at or below the maximum, or import the product with another '
                         'max_stock_level.';
    END IF;
    -- The checks above cover each of catalog.product's CHECKs, so no change
    -- reaches one as a bare 23514.
    UPDATE catalog.product AS p
    SET name = coalesce(update_product.name, p.name),
        description = ops.kept_or_cleared(
            update_product.description, p.description, 'description' = ANY (update_product.clear)
        ),
        category_id = ops.kept_or_cleared(
            update_product.category_id, p.category_id, 'category_id' = ANY (update_product.clear)
        ),
        unit = coalesce(update_product.unit, p.unit),
        barcode = ops.kept_or_cleared(update_product.barcode, p.barcode, 'barcode' = ANY (update_product.clear)),
        unit_price_minor = ops.kept_or_cleared(
            update_product.unit_price_minor, p.unit_price_minor, 'unit_price_minor' = ANY (update_product.clear)
        ),
        currency = ops.kept_or_cleared(update_product.currency, p.currency, 'currency' = ANY (update_product.clear)),
        reorder_point = coalesce(update_product.reorder_point, p.reorder_point),
        safety_stock_level = coalesce(update_product.safety_stock_level, p.safety_stock_level),
        min_stock_level = coalesce(update_product.min_stock_level, p.min_stock_level),
        lead_time_days = coalesce(update_product.lead_time_days, p.lead_time_days),
        hs_code = ops.kept_or_cleared(update_product.hs_code, p.hs_code, 'hs_code' = ANY (update_product.clear)),
        country_of_origin = ops.kept_or_cleared(
            update_product.country_of_origin, p.country_of_origin, 'country_of_origin' = ANY (update_product.clear)
        ),
        attributes = coalesce(update_product.attributes, p.attributes),
        active = coalesce(update_product.active, p.active),
        preferred_supplier_id = ops.kept_or_cleared(
            update_product.preferred_supplier_id, p.preferred_supplier_id, 'preferred_supplier_id' = ANY (update_product.clear)
        )
    WHERE p.tenant_id = v_tenant_id AND p.id = v_product.id
    RETURNING p.version INTO v_version;
    IF coalesce(update_product.reorder_point <> v_product.reorder_point, FALSE)
       OR coalesce(update_product.active <> v_product.active, FALSE) THEN
        PERFORM inventory.judge_product_stock_alerts(v_tenant_id, v_product.id);
    END IF;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.update_product(
    uuid, integer, text, text, uuid, text, text, bigint, char,
    numeric, numeric, numeric, integer, text, char, jsonb, boolean, uuid, text[]
) IS
'Changes the given fields of a product (NULL keeps a field; clear names those to empty: description, '
'category_id, barcode, unit_price_minor with currency, hs_code, country_of_origin, preferred_supplier_id) '
'at the version the caller read, and returns '
'the new version; the unit is fixed once the product''s stock has moved or it is on an order line; a new '
'reorder_point judges the product''s low_stock again at once, under its stock locks, and so does a change of '
'active (an inactive product has no stock alerts); passed unchanged, they wait for nothing. '
'Errors: 42501, 22023 no product_id, a name with blanks around it, blank or too long name, description or '
'barcode, a level of NaN '
'or too large, unknown unit '
'or a new unit for stock that has moved or order lines, attributes that are no JSON object or are nested '
'32 levels deep, '
'a negative stock level, a lead_time_days outside 0 to 3650, a malformed '
'currency, hs_code or country_of_origin, a price without its currency or a currency without its price (given '
'or cleared) or a negative price, a reorder_point above max_stock_level, an inactive preferred supplier, a '
'field clear cannot empty or that is also given, '
'SD404 unknown product, category or supplier, SD004 stale version.';
