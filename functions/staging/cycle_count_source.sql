-- A cycle-count batch's rows typed and resolved, with what the balance of
-- that product × location × batch holds now and, for a row that says when it
-- was counted, what moved there since: the difference is taken from the stock
-- as it stood then (on_hand - moved_since), so a sale made between the count
-- and the import is not undone by it.
CREATE OR REPLACE FUNCTION staging.cycle_count_source(tenant_id uuid, batch_id uuid)
RETURNS TABLE (
    row_number integer, sku text, product_id uuid, decimal_places smallint, warehouse text, warehouse_id uuid,
    location text, location_id uuid, batch_number text, lot_id uuid, counted_quantity numeric, reason text,
    on_hand numeric, reserved numeric, counted_at_text text, counted_at timestamptz, moved_since numeric,
    adjusted_since timestamptz
)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
-- The ledger subqueries are costed as run for every row, which tipped a count
-- of 22,668 rows past jit_above_cost: 3.2 s compiling a query that runs in 0.1 s.
SET jit = off
AS $$
    SELECT
        r.row_number, staging.to_text(r.sku), p.id, u.decimal_places, staging.to_text(r.warehouse), w.id,
        staging.to_text(r.location), l.id, staging.to_text(r.batch_number), b.id,
        staging.to_decimal(r.counted_quantity), staging.to_text(r.reason),
        coalesce(i.on_hand, 0), coalesce(i.reserved, 0),
        staging.to_text(r.counted_at), t.counted_at,
        -- The ledger's rows there since, only for a row that gives a time: a
        -- CASE runs its subquery for those rows alone (a lateral join ran it,
        -- empty, for every row, and made a count without times 4 times slower).
        -- What they moved on or off the shelf: a reservation's rows move nothing.
        CASE WHEN t.counted_at IS NULL THEN 0 ELSE (
            SELECT coalesce(sum(inventory.on_hand_delta(m.movement_type, m.quantity)), 0)
            FROM inventory.stock_movement AS m
            WHERE m.tenant_id = r.tenant_id AND m.product_id = p.id AND m.location_id = l.id
              AND m.batch_id IS NOT DISTINCT FROM b.id AND m.occurred_at > t.counted_at
        ) END,
        CASE WHEN t.counted_at IS NOT NULL THEN (
            SELECT max(m.occurred_at) FROM inventory.stock_movement AS m
            WHERE m.tenant_id = r.tenant_id AND m.product_id = p.id AND m.location_id = l.id
              AND m.batch_id IS NOT DISTINCT FROM b.id AND m.occurred_at > t.counted_at
              AND m.movement_type = 'adjustment'
        ) END
    FROM staging.cycle_count_row AS r
    LEFT JOIN catalog.product AS p
        ON p.tenant_id = r.tenant_id AND p.sku = staging.to_text(r.sku) AND p.deleted_at IS NULL
    LEFT JOIN catalog.unit AS u ON u.code = p.unit
    LEFT JOIN warehouse.warehouse AS w ON w.tenant_id = r.tenant_id AND w.code = staging.to_text(r.warehouse)
    LEFT JOIN warehouse.location AS l
        ON l.tenant_id = r.tenant_id AND l.warehouse_id = w.id AND l.code = staging.to_text(r.location)
    LEFT JOIN catalog.product_batch AS b
        ON b.tenant_id = r.tenant_id AND b.product_id = p.id AND b.batch_number = staging.to_text(r.batch_number)
    LEFT JOIN inventory.inventory AS i
        ON i.tenant_id = r.tenant_id AND i.product_id = p.id AND i.location_id = l.id
       AND i.batch_id IS NOT DISTINCT FROM b.id AND i.deleted_at IS NULL
    -- OFFSET 0 keeps the time a column, read once per row: pulled up, the
    -- conversion (regexes and all) was written into every ledger partition's
    -- index condition in both subqueries, five times the cost of their reads.
    CROSS JOIN LATERAL (
        SELECT staging.to_timestamptz(r.counted_at, w.timezone) AS counted_at OFFSET 0
    ) AS t
    WHERE r.tenant_id = cycle_count_source.tenant_id AND r.batch_id = cycle_count_source.batch_id
$$;
COMMENT ON FUNCTION staging.cycle_count_source(uuid, uuid) IS
'The rows of a cycle-count batch typed, with the product, location and batch they name, that '
'balance''s on_hand and reserved now and, for a row with counted_at, what the ledger moved there '
'since (moved_since) and its last adjustment since (adjusted_since).';
