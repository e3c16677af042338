-- Reserve under locks the caller already holds: allocate FEFO/FIFO, write
-- the reservation, its lines and their ledger rows; SD001 when short.
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
    v_reservation_id uuid := coalesce(reserve.reservation_id, ops.uuid_v7());
    v_batch_ids uuid[];
    v_location_ids uuid[];
    v_quantities numeric[];
    v_total numeric;
    v_i integer;
BEGIN
    SELECT coalesce(array_agg(a.batch_id), '{}'), coalesce(array_agg(a.location_id), '{}'),
           coalesce(array_agg(a.allocated), '{}'), coalesce(sum(a.allocated), 0)
    INTO v_batch_ids, v_location_ids, v_quantities, v_total
    FROM inventory.allocate(reserve.tenant_id, (reserve.product).id, (reserve.warehouse).id, reserve.quantity) AS a;
    IF v_total < reserve.quantity THEN
        PERFORM inventory.raise_insufficient(
            (reserve.product).sku, reserve.quantity, v_total, format('in warehouse %s', (reserve.warehouse).code)
        );
    END IF;

    INSERT INTO inventory.reservation (
        id, tenant_id, product_id, warehouse_id, quantity, reference, expires_at, created_by
    )
    VALUES (
        v_reservation_id, reserve.tenant_id, (reserve.product).id, (reserve.warehouse).id, reserve.quantity,
        reserve.reference, reserve.expires_at, auth.current_user_id()
    );
    FOR v_i IN 1..cardinality(v_quantities) LOOP
        INSERT INTO inventory.reservation_line (
            tenant_id, reservation_id, product_id, warehouse_id, batch_id, location_id, quantity
        )
        VALUES (
            reserve.tenant_id, v_reservation_id, (reserve.product).id, (reserve.warehouse).id,
            v_batch_ids[v_i], v_location_ids[v_i], v_quantities[v_i]
        );
        PERFORM inventory.post_movement(
            reserve.tenant_id, 'reservation', (reserve.product).id, v_batch_ids[v_i], v_location_ids[v_i],
            -v_quantities[v_i], 'reservation', v_reservation_id, reserve.reference, reserve.idempotency_key
        );
    END LOOP;
    RETURN v_reservation_id;
END
$$;
COMMENT ON FUNCTION inventory.reserve(
    uuid, catalog.product, warehouse.warehouse, numeric, text, timestamptz, text, uuid
) IS
'Reserves quantity of a product in a warehouse (FEFO, then FIFO; never expired or quarantined stock) '
'under the stock locks the caller holds; returns the reservation id, SD001 when short.';
