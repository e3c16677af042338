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
    v_rejudged uuid[];
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
    -- A new reorder point moves the low_stock threshold of a product that
    -- holds stock, and an inactive product has no stock alerts; no movement
    -- comes to judge either (api.update_product judges its own). So when the
    -- sheet moves any product's point or turns one in or out of use, the stock
    -- of the tenant's warehouses is taken, exclusively and as a whole, as
    -- imports of stock take it (the lock table holds no lock per product x
    -- warehouse for a sheet), and the points are judged under it below; stock
    -- of a product that has none yet may be arriving too. A sheet that moves
    -- no point and turns no product in or out of use takes nothing and holds
    -- up no movement. Read before the rows are locked: a point an
    -- update_product under way sets, where the sheet gives the point read
    -- before it, is kept (the UPDATE leaves it), not overwritten after the wait.
    v_rejudged := ARRAY(
        SELECT p.id
        FROM pg_temp.product_source_rows AS s
        JOIN catalog.product AS p ON p.tenant_id = apply_products.tenant_id AND p.id = s.product_id
        WHERE s.changed
          AND (p.reorder_point IS DISTINCT FROM s.reorder_point OR p.active IS DISTINCT FROM s.active)
    );
    -- The rows it changes are taken first, in id order, FOR NO KEY UPDATE (as
    -- the UPDATE below takes them), then FOR UPDATE those whose unit changes (as
    -- the unit trigger takes them), and the stock after them, as a movement (the
    -- row FOR KEY SHARE, then its stock) and api.update_product take them.
    -- Locked by the UPDATE, after the stock, a row api.update_product held while
    -- it waited for that stock deadlocked with the import, and so did a unit
    -- changed since the check (whose FOR UPDATE waited for a movement that held
    -- the row and waited for the stock). The units are compared only once the
    -- rows are held: a row whose unit a call under way was changing still showed
    -- the sheet's unit, so was passed over, and the trigger took it after the
    -- stock (the stock chaos test's 40P01 with a reservation and a movement).
    PERFORM FROM catalog.product AS p
    JOIN pg_temp.product_source_rows AS s ON s.product_id = p.id
    WHERE p.tenant_id = apply_products.tenant_id AND s.changed
    ORDER BY p.id
    FOR NO KEY UPDATE OF p;
    PERFORM FROM catalog.product AS p
    JOIN pg_temp.product_source_rows AS s ON s.product_id = p.id
    WHERE p.tenant_id = apply_products.tenant_id AND s.changed AND s.unit IS DISTINCT FROM p.unit
    ORDER BY p.id
    FOR UPDATE OF p;
    -- Calls it waited for may have counted something in a unit it changes: the
    -- unit trigger refuses that, but only after the stock below, which a call
    -- closing a reservation of that product may hold while it waits for the row.
    -- So it is refused here, as the trigger would, before any stock is taken.
    PERFORM catalog.require_unit_changeable(p, s.unit)
    FROM catalog.product AS p
    JOIN pg_temp.product_source_rows AS s ON s.product_id = p.id
    WHERE p.tenant_id = apply_products.tenant_id AND s.changed AND s.unit IS DISTINCT FROM p.unit
    ORDER BY p.id;
    IF cardinality(v_rejudged) > 0 THEN
        PERFORM inventory.lock_warehouse_stock(
            apply_products.tenant_id,
            ARRAY(SELECT w.id FROM warehouse.warehouse AS w WHERE w.tenant_id = apply_products.tenant_id)
        );
    END IF;
    -- One pass over the typed rows serves the updates, the inserts and the count.
    WITH s AS MATERIALIZED (
        SELECT k.*, r.id IS NOT NULL AS rejudged
        FROM pg_temp.product_source_rows AS k
        LEFT JOIN unnest(v_rejudged) AS r (id) ON r.id = k.product_id
    ),
    changed AS (
        UPDATE catalog.product AS p
        SET name = s.name, description = s.description, category_id = s.category_id, unit = s.unit,
            barcode = s.barcode, unit_price_minor = s.unit_price_minor, currency = s.currency,
            min_stock_level = s.min_stock_level,
            -- Only the points and active flags of the rows read above as other
            -- than the sheet's, the ones judged below. Another row's the sheet
            -- leaves as it read them: what an update_product under way changed
            -- meanwhile (no lock was needed to read it) stays as that call set
            -- and judged it.
            reorder_point = CASE WHEN s.rejudged THEN s.reorder_point ELSE p.reorder_point END,
            safety_stock_level = s.safety_stock_level, max_stock_level = s.max_stock_level,
            lead_time_days = s.lead_time_days, hs_code = s.hs_code, country_of_origin = s.country_of_origin,
            active = CASE WHEN s.rejudged THEN s.active ELSE p.active END
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
    IF cardinality(v_rejudged) > 0 THEN
        PERFORM inventory.judge_held_stock_alerts(apply_products.tenant_id, v_rejudged, NULL);
    END IF;
END
$$;
COMMENT ON FUNCTION staging.apply_products(uuid, uuid, text) IS
'Writes a validated products batch to catalog.product: updates the SKUs whose values changed, inserts '
'the new ones, and returns the counts. A sheet that changes reorder points or active takes the stock of the '
'tenant''s warehouses exclusively first and judges those products'' out_of_stock and low_stock again under it.';
