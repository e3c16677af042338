-- Applies a validated opening-stock batch through the ledger: new batches
-- created, one idempotency key per row claimed (import:<batch>:<row>), one
-- purchase_receipt movement per row; the ledger's import balance trigger
-- adds them to the balances. It only adds stock, so it cannot oversell. It
-- holds the stock of its warehouses as a whole, not a lock per product ×
-- warehouse, which a sheet of 100,000 rows would exhaust the lock table with.
CREATE OR REPLACE FUNCTION staging.apply_opening_stock(
    tenant_id uuid, batch_id uuid, mode text,
    OUT inserted integer, OUT updated integer, OUT unchanged integer
)
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_moved record;
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: opening_stock_source_rows (row_number integer, sku text, product_id uuid, '
            'decimal_places smallint, product_currency text, warehouse text, warehouse_id uuid, '
            'location text, location_id uuid, quantity numeric, batch_number text, manufacture_date '
            'date, expiry_date date, unit_cost_minor bigint, currency text, product_batch_id uuid, '
            'known_manufacture_date date, known_expiry_date date)';
    PERFORM staging.keep_source(
        'opening_stock_source', apply_opening_stock.tenant_id, apply_opening_stock.batch_id
    );
    -- Its warehouses' stock before anything is written: a batch created here
    -- is one an api call may be waiting to create too.
    PERFORM inventory.lock_warehouse_stock(
        apply_opening_stock.tenant_id,
        ARRAY(SELECT DISTINCT s.warehouse_id FROM pg_temp.opening_stock_source_rows AS s)
    );

    INSERT INTO catalog.product_batch (
        tenant_id, product_id, batch_number, manufacture_date, expiry_date, unit_cost_minor, currency
    )
    SELECT DISTINCT ON (s.product_id, s.batch_number)
        apply_opening_stock.tenant_id, s.product_id, s.batch_number, s.manufacture_date, s.expiry_date,
        s.unit_cost_minor, CASE WHEN s.unit_cost_minor IS NOT NULL THEN s.currency END
    FROM pg_temp.opening_stock_source_rows AS s
    WHERE s.batch_number IS NOT NULL AND s.product_batch_id IS NULL
    ORDER BY s.product_id, s.batch_number, s.row_number
    ON CONFLICT ON CONSTRAINT product_batch_number_key DO NOTHING;
    -- A known lot received without a cost takes the one the sheet gives it
    -- (one per lot: the check holds the rows of a lot to one).
    UPDATE catalog.product_batch AS b
    SET unit_cost_minor = s.unit_cost_minor, currency = s.currency
    FROM (
        SELECT DISTINCT s.product_batch_id, s.unit_cost_minor, s.currency
        FROM pg_temp.opening_stock_source_rows AS s
        WHERE s.product_batch_id IS NOT NULL AND s.unit_cost_minor IS NOT NULL
    ) AS s
    WHERE b.tenant_id = apply_opening_stock.tenant_id AND b.id = s.product_batch_id AND b.unit_cost_minor IS NULL;
    -- The check read the lots before this transaction held its warehouses'
    -- stock: an api call (in another warehouse, or one this import waited
    -- for) may have received or corrected a lot since, with other dates or
    -- another cost, which these rows would go into without a word.
    SELECT s.row_number, s.sku, s.batch_number INTO v_moved
    FROM pg_temp.opening_stock_source_rows AS s
    INNER JOIN catalog.product_batch AS b
        ON b.tenant_id = apply_opening_stock.tenant_id AND b.product_id = s.product_id
       AND b.batch_number = s.batch_number
    WHERE s.expiry_date IS NOT NULL AND s.expiry_date IS DISTINCT FROM b.expiry_date
       OR s.manufacture_date IS NOT NULL AND s.manufacture_date IS DISTINCT FROM b.manufacture_date
       OR s.unit_cost_minor IS NOT NULL
          AND (s.unit_cost_minor, s.currency) IS DISTINCT FROM (b.unit_cost_minor, b.currency::text)
    ORDER BY s.row_number
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'batch % of % changed while the import ran', ops.printable(v_moved.batch_number), v_moved.sku
            USING ERRCODE = '40001',
                  DETAIL = format('Row %s gives the lot dates or a cost it no longer has.', v_moved.row_number),
                  HINT = 'Import the sheet again: its check then names the cells that differ.';
    END IF;
    -- The movements' triggers look these batches up; see refresh_statistics.
    PERFORM staging.refresh_statistics('opening_stock');

    -- The movements take their keys from src, not from the claim's RETURNING:
    -- the claim inserts every row or fails the statement, and it runs to its
    -- end whether read or not. Joined on the key, the two 100,000-row lists
    -- were guessed to make 50 million rows, so they were sorted to disk and
    -- merged, and the statement's cost set off JIT compilation: 0.4 s of an
    -- opening-stock import of 100,000 rows, for nothing.
    WITH src AS MATERIALIZED (
        SELECT s.*, b.id AS lot_id, ops.uuid_v7() AS movement_id,
               format('import:%s:%s', apply_opening_stock.batch_id, s.row_number) AS idempotency_key
        FROM pg_temp.opening_stock_source_rows AS s
        LEFT JOIN catalog.product_batch AS b
            ON b.tenant_id = apply_opening_stock.tenant_id AND b.product_id = s.product_id
           AND b.batch_number = s.batch_number
    ),
    claimed AS (
        INSERT INTO inventory.movement_request (tenant_id, idempotency_key, function_name, request_hash, result)
        SELECT apply_opening_stock.tenant_id, src.idempotency_key, 'staging.apply_opening_stock',
               sha256(convert_to(concat_ws('/', src.product_id, src.location_id, src.lot_id, src.quantity), 'UTF8')),
               jsonb_build_object('movement_id', src.movement_id)
        FROM src
    )
    INSERT INTO inventory.stock_movement (
        id, tenant_id, movement_type, product_id, batch_id, location_id, quantity,
        reference_type, reference_id, reason, idempotency_key, created_by
    )
    SELECT src.movement_id, apply_opening_stock.tenant_id, 'purchase_receipt', src.product_id, src.lot_id,
           src.location_id, src.quantity, 'import_batch', apply_opening_stock.batch_id, 'opening stock',
           src.idempotency_key, auth.current_user_id()
    FROM src
    ORDER BY src.product_id, src.location_id, src.lot_id;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    updated := 0;
    unchanged := 0;
END
$$;
COMMENT ON FUNCTION staging.apply_opening_stock(uuid, uuid, text) IS
'Posts a validated opening-stock batch to the ledger: creates the new batches, gives a known batch '
'without a cost the one its rows give, claims one idempotency key per row (import:<batch id>:<row>) and '
'inserts one purchase_receipt per row; returns the counts. Errors: 40001 when a batch it names was '
'received or corrected with other dates or another cost after the check.';
