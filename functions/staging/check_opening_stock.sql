-- Rules of an opening-stock import beyond single cells, the same ones
-- api.receive_stock applies: references, quantity in the product's unit,
-- batch dates and cost, one row per product × location × batch, and a batch
-- number meaning one lot with one set of dates and one cost.
CREATE OR REPLACE FUNCTION staging.check_opening_stock(tenant_id uuid, batch_id uuid, mode text)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count integer;
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: opening_stock_source_rows (row_number integer, sku text, product_id uuid, '
            'decimal_places smallint, product_currency text, warehouse text, warehouse_id uuid, '
            'location text, location_id uuid, quantity numeric, batch_number text, manufacture_date '
            'date, expiry_date date, unit_cost_minor bigint, currency text, product_batch_id uuid, '
            'known_manufacture_date date, known_expiry_date date)';
    PERFORM staging.lock_named_products(check_opening_stock.tenant_id, check_opening_stock.batch_id, 'opening_stock_row');
    PERFORM staging.keep_source(
        'opening_stock_source', check_opening_stock.tenant_id, check_opening_stock.batch_id
    );
    -- Each row's reasons are computed once, into an array; only a row with at
    -- least one is spread into one row per column (as in validate_cells).
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_opening_stock.tenant_id, check_opening_stock.batch_id, s.row_number, e.column_name, e.value, e.reason
    FROM (
        SELECT s.*, ARRAY[
            -- As api.receive_stock refuses them: the import posted receipts of an
            -- inactive product, or into an inactive location.
            CASE WHEN s.product_id IS NULL THEN 'no live product with this SKU'
                 WHEN s.product_id IN (
                     SELECT p.id FROM catalog.product AS p
                     WHERE p.tenant_id = check_opening_stock.tenant_id AND NOT p.active
                 ) THEN 'the product is inactive: reactivate it before moving its stock' END,
            CASE WHEN s.warehouse_id IS NULL THEN 'no warehouse with this code'
                 WHEN s.warehouse_id IN (
                     SELECT w.id FROM warehouse.warehouse AS w
                     WHERE w.tenant_id = check_opening_stock.tenant_id AND NOT w.active
                 ) THEN 'the warehouse is inactive: reactivate it before moving stock through it' END,
            CASE WHEN s.warehouse_id IS NOT NULL AND s.location_id IS NULL
                     THEN format('no location with this code in warehouse %s', s.warehouse)
                 WHEN s.location_id IN (
                     SELECT l.id FROM warehouse.location AS l
                     WHERE l.tenant_id = check_opening_stock.tenant_id AND NOT l.active
                 ) THEN 'the location is inactive: reactivate it before moving stock through it' END,
            CASE WHEN s.quantity <= 0 THEN 'must be more than 0'
                 WHEN s.quantity <> round(s.quantity, s.decimal_places)
                     THEN format('more decimals than the product''s unit allows (%s)', s.decimal_places) END,
            CASE WHEN s.first_row <> s.row_number
                     THEN format('same product, location and batch as row %s', s.first_row)
                 WHEN s.batch_number IS NULL
                      AND (s.manufacture_date IS NOT NULL OR s.expiry_date IS NOT NULL OR s.unit_cost_minor IS NOT NULL)
                     THEN 'expiry_date, manufacture_date and unit_cost_minor belong to a batch: give batch_number'
                 WHEN s.batch_number IS NOT NULL AND s.lot_differs
                     THEN 'this batch has other dates or cost on another row of the file' END,
            CASE WHEN s.manufacture_date > s.expiry_date THEN 'before manufacture_date'
                 WHEN s.product_batch_id IS NOT NULL AND s.expiry_date IS DISTINCT FROM s.known_expiry_date
                      AND s.expiry_date IS NOT NULL
                     THEN format('batch %s is known with expiry %s', s.batch_number,
                                 coalesce(s.known_expiry_date::text, 'none')) END,
            CASE WHEN s.product_batch_id IS NOT NULL AND s.manufacture_date IS NOT NULL
                      AND s.manufacture_date IS DISTINCT FROM s.known_manufacture_date
                     THEN format('batch %s is known made on %s', s.batch_number,
                                 coalesce(s.known_manufacture_date::text, 'no date')) END,
            CASE WHEN s.unit_cost_minor < 0 THEN 'must be 0 or more'
                 WHEN s.unit_cost_minor IS NOT NULL AND s.currency IS NULL
                     THEN 'needs a currency (the product has none of its own)'
                 -- A lot is valued at one cost, as api.receive_stock holds it.
                 WHEN s.unit_cost_minor IS NOT NULL AND s.known_unit_cost_minor IS NOT NULL
                      AND (s.unit_cost_minor, s.currency) IS DISTINCT FROM (s.known_unit_cost_minor, s.known_currency)
                     THEN format('batch %s is known at %s %s a unit', s.batch_number, s.known_unit_cost_minor,
                                 s.known_currency) END
        ] AS reasons
        FROM (
            SELECT s.*, kb.unit_cost_minor AS known_unit_cost_minor, kb.currency::text AS known_currency,
                   min(s.row_number) OVER (PARTITION BY s.sku, s.warehouse, s.location, s.batch_number) AS first_row,
                   -- The currency counts only with a cost: without one it is the product's.
                   min(format('%s|%s|%s|%s', s.manufacture_date, s.expiry_date, s.unit_cost_minor,
                              CASE WHEN s.unit_cost_minor IS NOT NULL THEN s.currency END))
                       OVER (PARTITION BY s.sku, s.batch_number)
                   <> max(format('%s|%s|%s|%s', s.manufacture_date, s.expiry_date, s.unit_cost_minor,
                                 CASE WHEN s.unit_cost_minor IS NOT NULL THEN s.currency END))
                       OVER (PARTITION BY s.sku, s.batch_number) AS lot_differs
            FROM pg_temp.opening_stock_source_rows AS s
            LEFT JOIN catalog.product_batch AS kb
                ON kb.tenant_id = check_opening_stock.tenant_id AND kb.id = s.product_batch_id
        ) AS s
        OFFSET 0
    ) AS s
    CROSS JOIN LATERAL unnest(
        ARRAY[
            'sku', 'warehouse', 'location', 'quantity', 'batch_number', 'expiry_date', 'manufacture_date',
            'unit_cost_minor'
        ],
        ARRAY[
            s.sku, s.warehouse, s.location, trim_scale(s.quantity)::text, s.batch_number, s.expiry_date::text,
            s.manufacture_date::text, s.unit_cost_minor::text
        ],
        s.reasons
    ) AS e (column_name, value, reason)
    WHERE num_nonnulls(VARIADIC s.reasons) > 0 AND e.reason IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_opening_stock.tenant_id AND x.batch_id = check_opening_stock.batch_id
            AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    -- A sheet that will be applied moves only products held since before the check.
    IF v_count = 0 THEN
        PERFORM staging.require_named_products_held(check_opening_stock.tenant_id, check_opening_stock.batch_id, 'opening_stock_row');
    END IF;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION staging.check_opening_stock(uuid, uuid, text) IS
'Records the row errors of an opening-stock batch (unknown product, warehouse or location, an inactive '
'product, warehouse or location, quantity, '
'batch dates and cost, duplicates) and returns how many. Errors: 40001 when a product it names was added '
'after it took them (staging.require_named_products_held).';
