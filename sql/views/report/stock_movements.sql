-- The ledger as an application reads it: what happened to a product's
-- stock (a stock card), what a document moved, what the id an api call
-- returned stands for. Read it by product and time, by location and time,
-- or by reference (the ledger's indexes); the ledger is partitioned by
-- month on occurred_at, so a time range reads only its months. An id alone
-- reads every month (its key leads with occurred_at): report.stock_movement(id)
-- below reads one.
CREATE OR REPLACE VIEW report.stock_movements WITH (security_barrier = TRUE) AS
SELECT
    m.tenant_id,
    m.id AS movement_id,
    m.occurred_at,
    m.movement_type,
    m.product_id,
    p.sku,
    m.batch_id,
    b.batch_number,
    m.location_id,
    l.code AS location_code,
    l.warehouse_id,
    w.code AS warehouse_code,
    m.quantity,
    m.reference_type,
    m.reference_id,
    m.reason,
    m.idempotency_key,
    m.created_by,
    m.created_at
FROM inventory.stock_movement AS m
INNER JOIN catalog.product AS p ON m.tenant_id = p.tenant_id AND m.product_id = p.id
INNER JOIN warehouse.location AS l ON m.tenant_id = l.tenant_id AND m.location_id = l.id
INNER JOIN warehouse.warehouse AS w ON l.tenant_id = w.tenant_id AND l.warehouse_id = w.id
LEFT JOIN catalog.product_batch AS b ON m.tenant_id = b.tenant_id AND m.batch_id = b.id;

COMMENT ON VIEW report.stock_movements IS
'Every ledger row of the calling tenant: when, which type, product, batch, location and warehouse, the '
'signed quantity, the document it belongs to (reference_type, reference_id), reason, idempotency key and '
'user. Filter by product_id or location_id with a range of occurred_at, or by reference_type and '
'reference_id: those are indexed. A movement_id alone is not: ask report.stock_movement(movement_id).';

-- One movement by the id an api call returned. The ledger's key leads with
-- occurred_at, so the id alone read every month of it (30 ms at 420,000 rows,
-- growing with the ledger). But an id is a uuid v7 made when its row is
-- written, in the transaction whose start is the row's occurred_at: the row
-- is found near the id's own time, through the key, in one month. Anywhere
-- else (a transaction over an hour long, a clock set back) the rest of the
-- ledger is read, so no row is missed.
CREATE OR REPLACE FUNCTION report.stock_movement(movement_id uuid)
RETURNS SETOF report.stock_movements
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- When the id was made: a version-7 uuid's first 48 bits are Unix
    -- milliseconds. NULL for another version.
    v_made timestamptz := CASE WHEN substr(stock_movement.movement_id::text, 15, 1) = '7' THEN
        to_timestamp(
            ('x' || lpad(replace(left(stock_movement.movement_id::text, 13), '-', ''), 16, '0'))::bit(64)::bigint
            / 1000.0
        )
    END;
BEGIN
    IF v_made IS NOT NULL THEN
        RETURN QUERY
        SELECT m.* FROM report.stock_movements AS m
        WHERE m.movement_id = stock_movement.movement_id
          AND m.occurred_at >= v_made - interval '1 hour' AND m.occurred_at < v_made + interval '1 minute';
        IF FOUND THEN
            RETURN;
        END IF;
    END IF;
    RETURN QUERY
    SELECT m.* FROM report.stock_movements AS m
    WHERE m.movement_id = stock_movement.movement_id
      AND (v_made IS NULL OR m.occurred_at < v_made - interval '1 hour' OR m.occurred_at >= v_made + interval '1 minute');
END
$$;
COMMENT ON FUNCTION report.stock_movement(uuid) IS
'The movement with this id (none if it is not the calling tenant''s), read through the ledger''s key near '
'the time the id was made rather than from every month.';
