-- Reserve under locks the caller already holds: the reservation, then its
-- stock (FEFO/FIFO lines and their ledger rows); SD001 when short. For a
-- caller that writes the document before it takes the locks, the two halves
-- are open_reservation and fill_reservation.
CREATE OR REPLACE FUNCTION inventory.reserve(
    tenant_id uuid,
    product catalog.product,
    warehouse warehouse.warehouse,
    quantity numeric,
    reference text,
    expires_at timestamptz,
    idempotency_key text,
    reservation_id uuid DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_reservation_id uuid;
BEGIN
    v_reservation_id := inventory.open_reservation(
        reserve.tenant_id, reserve.product, reserve.warehouse, reserve.quantity, reserve.reference,
        reserve.expires_at, reserve.reservation_id
    );
    PERFORM inventory.fill_reservation(
        reserve.tenant_id, reserve.product, reserve.warehouse, reserve.quantity, reserve.reference,
        reserve.idempotency_key, v_reservation_id
    );
    RETURN v_reservation_id;
END
$$;
COMMENT ON FUNCTION inventory.reserve(
    uuid, catalog.product, warehouse.warehouse, numeric, text, timestamptz, text, uuid
) IS
'Reserves quantity of a product in a warehouse (FEFO, then FIFO; never expired or quarantined stock) '
'under the stock locks the caller holds; returns the reservation id, SD001 when short.';
