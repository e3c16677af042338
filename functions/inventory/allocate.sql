-- FEFO, then FIFO: which batches at which locations give `quantity`.
CREATE OR REPLACE FUNCTION inventory.allocate(
    tenant_id uuid,
    product_id uuid,
    warehouse_id uuid,
    quantity numeric,
    from_location_id uuid DEFAULT NULL
)
RETURNS TABLE (batch_id uuid, location_id uuid, allocated numeric)
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- PL/pgSQL rather than SQL: it keeps the plan for the session, where a
    -- SQL function with SET would plan this query again on every call.
    RETURN QUERY
    WITH candidate AS (
        SELECT
            i.batch_id,
            i.location_id,
            i.available,
            sum(i.available) OVER (
                ORDER BY b.expiry_date ASC NULLS LAST, coalesce(b.received_at, i.created_at), l.code, i.id
            ) AS running
        FROM inventory.inventory AS i
        JOIN warehouse.location AS l ON l.tenant_id = i.tenant_id AND l.id = i.location_id
        JOIN warehouse.warehouse AS w ON w.tenant_id = l.tenant_id AND w.id = l.warehouse_id
        LEFT JOIN catalog.product_batch AS b ON b.tenant_id = i.tenant_id AND b.id = i.batch_id
        WHERE i.tenant_id = allocate.tenant_id
          AND i.product_id = allocate.product_id
          AND i.deleted_at IS NULL
          AND i.available > 0
          AND l.active
          AND l.warehouse_id = allocate.warehouse_id
          -- Quarantined stock is never allocated, unless a transfer names its location.
          AND (l.id = allocate.from_location_id OR allocate.from_location_id IS NULL AND l.kind <> 'quarantine')
          -- Expired stock is never allocated; a batch is good through its expiry day, warehouse time.
          AND (b.expiry_date IS NULL OR b.expiry_date >= (now() AT TIME ZONE w.timezone)::date)
          -- A held batch is not allocated to leave; a transfer (which names its location) may move it.
          AND (b.held_at IS NULL OR allocate.from_location_id IS NOT NULL)
    )
    SELECT c.batch_id, c.location_id, least(c.available, allocate.quantity - (c.running - c.available))
    FROM candidate AS c
    WHERE c.running - c.available < allocate.quantity
    ORDER BY c.running;
END
$$;
COMMENT ON FUNCTION inventory.allocate(uuid, uuid, uuid, numeric, uuid) IS
'Allocates quantity of a product in a warehouse (or from one location of it): earliest expiry first, '
'then earliest receipt; never expired batches, never quarantine or held batches unless a location is named. '
'Returns less than asked when that is all there is.';
