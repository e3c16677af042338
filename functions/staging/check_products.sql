-- Rules of a products import beyond single cells: references, duplicates
-- inside the file, columns that go together, and in insert mode SKUs that
-- already exist with other values. Rows with a bad cell are left out: their
-- cell errors come first, and a rule over a cell that did not parse would
-- only repeat them.
CREATE OR REPLACE FUNCTION staging.check_products(tenant_id uuid, batch_id uuid, mode text)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count integer;
    v_named_categories boolean := false;
    v_held uuid[];
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: product_source_rows (row_number integer, sku text, product_id uuid, '
            'category_path text, category_found boolean, name text, description text, category_id '
            'uuid, unit text, barcode text, unit_price_minor bigint, currency text, min_stock_level '
            'numeric, reorder_point numeric, safety_stock_level numeric, max_stock_level numeric, '
            'lead_time_days integer, hs_code text, country_of_origin text, active boolean, changed '
            'boolean)';
    -- The categories, held FOR KEY SHARE until the import ends, before the
    -- rows' paths are resolved: a delete_category that came first is waited
    -- for, and its category is then missing here, so each row naming it is
    -- reported. Resolved first, the apply's insert met the deleted category and
    -- the import failed whole with the foreign key's 23503. A delete coming
    -- later waits for the import, then finds its products and refuses. All of
    -- the tenant's, in id order: a path names its category only once resolved.
    -- A sheet without a category column names none, and its rows are not read
    -- to learn that (0.9 s for a batch of a million rows).
    IF EXISTS (
        SELECT FROM staging.import_batch AS b
        WHERE b.tenant_id = check_products.tenant_id AND b.id = check_products.batch_id
          AND 'category' = ANY (b.columns)
    ) AND EXISTS (
        SELECT FROM staging.product_row AS r
        WHERE r.tenant_id = check_products.tenant_id AND r.batch_id = check_products.batch_id
          AND r.category IS NOT NULL
    ) THEN
        PERFORM FROM catalog.product_category AS c
        WHERE c.tenant_id = check_products.tenant_id
        ORDER BY c.id
        FOR KEY SHARE;
        v_named_categories := true;
    END IF;
    PERFORM staging.keep_source(
        'product_source', check_products.tenant_id, check_products.batch_id
    );
    -- A category added after that lock ran is resolved here (a later
    -- statement) without being held: deleted before the apply, the insert
    -- failed the import whole with the foreign key's 23503. So what the rows
    -- resolved is held now, and a category gone since resolves to none: its
    -- rows are reported, as they would be if the delete came first.
    IF v_named_categories THEN
        SELECT coalesce(array_agg(l.id), '{}') INTO v_held FROM (
            SELECT c.id FROM catalog.product_category AS c
            WHERE c.tenant_id = check_products.tenant_id AND c.id IN (
                SELECT s.category_id FROM pg_temp.product_source_rows AS s WHERE s.category_found
            )
            ORDER BY c.id
            FOR KEY SHARE
        ) AS l;
        IF (
            SELECT count(DISTINCT s.category_id) FROM pg_temp.product_source_rows AS s WHERE s.category_found
        ) > cardinality(v_held) THEN
            UPDATE pg_temp.product_source_rows AS s SET category_found = false, category_id = NULL
            WHERE s.category_found AND s.category_id <> ALL (v_held);
        END IF;
    END IF;
    -- The products whose unit the sheet changes, and in which nothing is counted
    -- yet, held FOR UPDATE in id order until the import ends: the unit trigger
    -- takes that lock at the apply, row by row in the update's order, where an
    -- order naming two of them in the other order deadlocked with it. Taken
    -- here, the check below (in a snapshot from after the wait) sees the calls
    -- it waited for. A product already counted in its unit keeps it whatever
    -- happens, so the check refuses it without holding up its movements.
    IF check_products.mode = 'upsert' THEN
        PERFORM FROM catalog.product AS p
        JOIN pg_temp.product_source_rows AS s ON s.product_id = p.id
        WHERE p.tenant_id = check_products.tenant_id AND s.unit IS DISTINCT FROM p.unit
          -- Inside the CASE it is asked only of a changed unit: as a condition
          -- of its own the planner ran it on every product of the tenant (2.5 ms
          -- each; an upsert of 100,000 unchanged products spent 250 s here).
          AND CASE WHEN s.unit IS DISTINCT FROM p.unit THEN catalog.unit_in_use(p.tenant_id, p.id) IS NULL END
        ORDER BY p.id
        FOR UPDATE OF p;
    END IF;
    -- Each row's reasons are computed once, into an array; only a row with at
    -- least one is spread into one row per column (as in validate_cells).
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_products.tenant_id, check_products.batch_id, s.row_number, e.column_name, e.value, e.reason
    FROM (
        SELECT s.*, ARRAY[
            CASE WHEN s.first_row <> s.row_number THEN format('SKU also on row %s', s.first_row) END,
            CASE WHEN s.category_path IS NOT NULL AND NOT s.category_found
                THEN 'no category with this path (import categories first)' END,
            CASE WHEN (s.unit_price_minor IS NULL) <> (s.currency IS NULL)
                THEN 'unit_price_minor and currency go together: give both or neither' END,
            CASE WHEN s.unit_price_minor < 0 THEN 'must be 0 or more' END,
            CASE WHEN s.min_stock_level < 0 THEN 'must be 0 or more' END,
            CASE WHEN s.reorder_point < 0 THEN 'must be 0 or more' END,
            CASE WHEN s.safety_stock_level < 0 THEN 'must be 0 or more' END,
            CASE WHEN s.max_stock_level < s.reorder_point THEN 'must be at least reorder_point' END,
            CASE WHEN s.lead_time_days NOT BETWEEN 0 AND 3650 THEN 'must be 0 to 3650' END,
            CASE WHEN check_products.mode = 'insert' AND s.changed
                THEN 'already exists with other values (use --mode upsert to change it)' END,
            -- As the product's trigger refuses it (catalog.tg_product__unit_fixed).
            CASE WHEN check_products.mode = 'upsert' AND s.unit_use = 'stock'
                    THEN format('cannot change from %s: this product''s stock has moved', s.old_unit)
                WHEN check_products.mode = 'upsert' AND s.unit_use IS NOT NULL
                    THEN format('cannot change from %s: this product is on %s', s.old_unit, s.unit_use) END
        ] AS reasons
        FROM (
            SELECT s.*, min(s.row_number) OVER (PARTITION BY s.sku) AS first_row, p.unit AS old_unit,
                   -- Asked only of a row that changes an existing product's unit.
                   CASE WHEN p.id IS NOT NULL AND s.unit IS DISTINCT FROM p.unit
                       THEN catalog.unit_in_use(p.tenant_id, p.id) END AS unit_use
            FROM pg_temp.product_source_rows AS s
            LEFT JOIN catalog.product AS p ON p.tenant_id = check_products.tenant_id AND p.id = s.product_id
        ) AS s
        WHERE s.sku IS NOT NULL
        OFFSET 0
    ) AS s
    CROSS JOIN LATERAL unnest(
        ARRAY[
            'sku', 'category', 'currency', 'unit_price_minor', 'min_stock_level', 'reorder_point',
            'safety_stock_level', 'max_stock_level', 'lead_time_days', 'sku', 'unit'
        ],
        ARRAY[
            s.sku, s.category_path, s.currency, s.unit_price_minor::text, trim_scale(s.min_stock_level)::text,
            trim_scale(s.reorder_point)::text, trim_scale(s.safety_stock_level)::text,
            trim_scale(s.max_stock_level)::text, s.lead_time_days::text, s.sku, s.unit
        ],
        s.reasons
    ) AS e (column_name, value, reason)
    WHERE num_nonnulls(VARIADIC s.reasons) > 0 AND e.reason IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_products.tenant_id AND x.batch_id = check_products.batch_id AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION staging.check_products(uuid, uuid, text) IS
'Records the row-level errors of a products batch (unknown category, SKU twice in the file, price '
'without currency, levels, an existing SKU with other values in insert mode, in upsert mode a new unit '
'for a product whose stock has moved or which is on order lines) and returns how many.';
