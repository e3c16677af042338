-- Ends an active reservation: its stock is released, and issued when fulfilled.
CREATE OR REPLACE FUNCTION inventory.close_reservation(
    tenant_id uuid,
    reservation_id uuid,
    outcome inventory.reservation_status,
    idempotency_key text DEFAULT NULL
)
RETURNS uuid[]
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_reservation inventory.reservation;
    v_line inventory.reservation_line;
    v_issued uuid[] := '{}';
BEGIN
    SELECT r.* INTO v_reservation
    FROM inventory.reservation AS r
    WHERE r.tenant_id = close_reservation.tenant_id AND r.id = close_reservation.reservation_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'reservation % not found', close_reservation.reservation_id
            USING ERRCODE = 'SD404', DETAIL = 'No reservation with this id belongs to the calling tenant.',
                  HINT = 'Check the id returned by api.reserve_stock.';
    END IF;

    PERFORM inventory.lock_stock(
        close_reservation.tenant_id, ARRAY[v_reservation.product_id], ARRAY[v_reservation.warehouse_id]
    );
    SELECT r.* INTO v_reservation
    FROM inventory.reservation AS r
    WHERE r.tenant_id = close_reservation.tenant_id AND r.id = close_reservation.reservation_id
    FOR UPDATE;
    IF v_reservation.status <> 'active' THEN
        RAISE EXCEPTION 'reservation % is %, not active', v_reservation.id, v_reservation.status
            USING ERRCODE = 'SD003',
                  DETAIL = format('It cannot become %s.', close_reservation.outcome),
                  HINT = 'Only an active reservation can be released, fulfilled or expire.';
    END IF;

    FOR v_line IN
        SELECT rl.* FROM inventory.reservation_line AS rl
        WHERE rl.tenant_id = close_reservation.tenant_id AND rl.reservation_id = v_reservation.id
        ORDER BY rl.id
    LOOP
        PERFORM inventory.post_movement(
            close_reservation.tenant_id, 'release', v_line.product_id, v_line.batch_id, v_line.location_id,
            v_line.quantity, 'reservation', v_reservation.id, v_reservation.reference, close_reservation.idempotency_key
        );
        IF close_reservation.outcome = 'fulfilled' THEN
            v_issued := v_issued || inventory.post_movement(
                close_reservation.tenant_id, 'sale_issue', v_line.product_id, v_line.batch_id, v_line.location_id,
                -v_line.quantity, 'reservation', v_reservation.id, v_reservation.reference,
                close_reservation.idempotency_key
            );
        END IF;
    END LOOP;

    UPDATE inventory.reservation AS r
    SET status = close_reservation.outcome,
        released_at = CASE WHEN close_reservation.outcome = 'released' THEN now() END,
        fulfilled_at = CASE WHEN close_reservation.outcome = 'fulfilled' THEN now() END
    WHERE r.tenant_id = close_reservation.tenant_id AND r.id = v_reservation.id;
    RETURN v_issued;
END
$$;
COMMENT ON FUNCTION inventory.close_reservation(uuid, uuid, inventory.reservation_status, text) IS
'Releases an active reservation''s lines (release movements) and, when fulfilled, issues them '
'(sale_issue movements, whose ids it returns). SD404 unknown, SD003 not active.';
