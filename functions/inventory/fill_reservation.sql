-- Allocate an open reservation's stock under locks the caller already holds:
-- FEFO/FIFO, its lines and their ledger rows; SD001 when short.
CREATE OR REPLACE FUNCTION inventory.fill_reservation(
    tenant_id uuid,
    product catalog.product,
    warehouse warehouse.warehouse,
    quantity numeric,
    reference text,
    idempotency_key text,
    reservation_id uuid
)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_batch_ids uuid[];
    v_location_ids uuid[];
    v_quantities numeric[];
    v_total numeric;
BEGIN
    SELECT coalesce(array_agg(a.batch_id), '{}'), coalesce(array_agg(a.location_id), '{}'),
           coalesce(array_agg(a.allocated), '{}'), coalesce(sum(a.allocated), 0)
    INTO v_batch_ids, v_location_ids, v_quantities, v_total
    FROM inventory.allocate(
        fill_reservation.tenant_id, (fill_reservation.product).id, (fill_reservation.warehouse).id,
        fill_reservation.quantity
    ) AS a;
    IF v_total < fill_reservation.quantity THEN
        PERFORM inventory.raise_insufficient(
            (fill_reservation.product).sku, fill_reservation.quantity, v_total,
            format('in warehouse %s', (fill_reservation.warehouse).code)
        );
    END IF;

    FOR v_i IN 1..cardinality(v_quantities) LOOP
        INSERT INTO inventory.reservation_line (
            tenant_id, reservation_id, product_id, warehouse_id, batch_id, location_id, quantity
        )
        VALUES (
            fill_reservation.tenant_id, fill_reservation.reservation_id, (fill_reservation.product).id,
            (fill_reservation.warehouse).id, v_batch_ids[v_i], v_location_ids[v_i], v_quantities[v_i]
        );
        PERFORM inventory.post_movement(
            fill_reservation.tenant_id, 'reservation', (fill_reservation.product).id, v_batch_ids[v_i],
            v_location_ids[v_i], -v_quantities[v_i], 'reservation', fill_reservation.reservation_id,
            fill_reservation.reference, fill_reservation.idempotency_key
        );
    END LOOP;
END
$$;
COMMENT ON FUNCTION inventory.fill_reservation(
    uuid, catalog.product, warehouse.warehouse, numeric, text, text, uuid
) IS
'Allocates an open reservation''s quantity (FEFO, then FIFO; never expired or quarantined stock) '
'under the stock locks the caller holds, writing its lines and their reservation movements; '
'SD001 when short.';
