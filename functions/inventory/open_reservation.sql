-- The reservation document alone, before any stock is allocated to it. A new
-- row that no other call can see yet, so callers write it before they take
-- the stock lock: the time that lock is held is what one hot product's
-- throughput comes down to.
CREATE OR REPLACE FUNCTION inventory.open_reservation(
    tenant_id uuid,
    product catalog.product,
    warehouse warehouse.warehouse,
    quantity numeric,
    reference text,
    expires_at timestamptz,
    reservation_id uuid DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_reservation_id uuid := coalesce(open_reservation.reservation_id, ops.uuid_v7());
BEGIN
    INSERT INTO inventory.reservation (
        id, tenant_id, product_id, warehouse_id, quantity, reference, expires_at, created_by
    )
    VALUES (
        v_reservation_id, open_reservation.tenant_id, (open_reservation.product).id,
        (open_reservation.warehouse).id, open_reservation.quantity, open_reservation.reference,
        open_reservation.expires_at, auth.current_user_id()
    );
    RETURN v_reservation_id;
END
$$;
COMMENT ON FUNCTION inventory.open_reservation(
    uuid, catalog.product, warehouse.warehouse, numeric, text, timestamptz, uuid
) IS
'Writes an active reservation''s document (no lines, no stock moved yet) and returns its id; '
'inventory.fill_reservation allocates its stock under the stock lock.';
