-- Batches still in stock, with how long they have left. The function below
-- is the way to ask for a horizon; the view is what it filters.
CREATE OR REPLACE VIEW report.batch_expiry WITH (security_barrier = TRUE) AS
SELECT
    i.tenant_id,
    b.id AS batch_id,
    b.batch_number,
    i.product_id,
    p.sku,
    l.warehouse_id,
    w.code AS warehouse_code,
    b.expiry_date,
    b.expiry_date - (now() AT TIME ZONE w.timezone)::date AS days_to_expiry,
    sum(i.on_hand) AS on_hand,
    sum(i.reserved) AS reserved,
    sum(i.available) AS available
FROM inventory.inventory AS i
INNER JOIN catalog.product_batch AS b ON i.tenant_id = b.tenant_id AND i.batch_id = b.id
INNER JOIN catalog.product AS p ON i.tenant_id = p.tenant_id AND i.product_id = p.id
INNER JOIN warehouse.location AS l ON i.tenant_id = l.tenant_id AND i.location_id = l.id
INNER JOIN warehouse.warehouse AS w ON l.tenant_id = w.tenant_id AND l.warehouse_id = w.id
WHERE i.deleted_at IS NULL AND i.on_hand > 0 AND b.expiry_date IS NOT NULL
GROUP BY i.tenant_id, b.id, b.batch_number, i.product_id, p.sku, l.warehouse_id, w.code, w.timezone, b.expiry_date;

COMMENT ON VIEW report.batch_expiry IS
'Batches with stock on hand and an expiry date, per warehouse: days_to_expiry counts from today in the '
'warehouse''s time zone (negative once expired). Ask report.expiring_batches(horizon_days) for a horizon.';

CREATE OR REPLACE FUNCTION report.expiring_batches(horizon_days integer DEFAULT 30)
RETURNS SETOF report.batch_expiry
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF expiring_batches.horizon_days IS NULL OR expiring_batches.horizon_days < 0 THEN
        RAISE EXCEPTION 'horizon_days must be zero or more'
            USING ERRCODE = '22023',
                  DETAIL = format('report.expiring_batches was called with horizon_days => %s.',
                                  coalesce(expiring_batches.horizon_days::text, 'NULL')),
                  HINT = 'Pass how many days ahead to look, such as 30.';
    END IF;
    RETURN QUERY
    SELECT e.* FROM report.batch_expiry AS e
    WHERE e.days_to_expiry <= expiring_batches.horizon_days
    ORDER BY e.expiry_date, e.sku, e.batch_number, e.warehouse_code;
END
$$;
COMMENT ON FUNCTION report.expiring_batches(integer) IS
'Stock expiring within horizon_days (already expired included), soonest first; 22023 for a negative horizon.';
