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
    v_issued uuid[] := '{}';
    v_held record;
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
    -- ops.expire_reservations picked it as overdue before it held the row: an
    -- api.update_reservation since may have extended it.
    IF close_reservation.outcome = 'expired' AND coalesce(v_reservation.expires_at >= now(), TRUE) THEN
        RAISE EXCEPTION 'reservation % is not due to expire', v_reservation.id
            USING ERRCODE = 'SD003',
                  DETAIL = format('It expires at %s.', coalesce(v_reservation.expires_at::text, 'no time (never)')),
                  HINT = 'Only a reservation past its expires_at expires.';
    END IF;

    -- A batch put on hold after it was reserved (api.hold_batch) does not leave.
    IF close_reservation.outcome = 'fulfilled' THEN
        SELECT b.batch_number, b.hold_reason, b.held_at, rl.quantity INTO v_held
        FROM inventory.reservation_line AS rl
        INNER JOIN catalog.product_batch AS b ON rl.tenant_id = b.tenant_id AND rl.batch_id = b.id
        WHERE rl.tenant_id = close_reservation.tenant_id AND rl.reservation_id = v_reservation.id
          AND b.held_at IS NOT NULL
        ORDER BY rl.id
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'batch % is on hold', ops.printable(v_held.batch_number)
                USING ERRCODE = 'SD005',
                      DETAIL = format('Reservation %s holds %s of it; held since %s: %s.', v_reservation.id,
                                      v_held.quantity, v_held.held_at, ops.printable(v_held.hold_reason)),
                      HINT = 'Release the reservation (a sales order''s: api.unreserve_sales_order) and reserve '
                             'again, which passes over held batches, or lift the hold (api.lift_batch_hold).';
        END IF;
    END IF;

    -- One statement for all the lines: each line's release, then (when
    -- fulfilled) its sale_issue, in that order, since the balance trigger
    -- fires row by row in insertion order and the stock must leave reserved
    -- before it leaves on hand. The ids are made first, so the sale_issue ids
    -- come back in line order.
    WITH moves AS MATERIALIZED (
        SELECT ops.uuid_v7() AS id, x.movement_type, rl.product_id, rl.batch_id, rl.location_id,
               x.sign * rl.quantity AS quantity,
               row_number() OVER (ORDER BY rl.id, x.position) AS position
        FROM inventory.reservation_line AS rl
        CROSS JOIN LATERAL (VALUES
            (1, 'release'::inventory.stock_movement_type, 1),
            (2, 'sale_issue'::inventory.stock_movement_type, -1)
        ) AS x (position, movement_type, sign)
        WHERE rl.tenant_id = close_reservation.tenant_id AND rl.reservation_id = v_reservation.id
          AND (x.movement_type = 'release' OR close_reservation.outcome = 'fulfilled')
    ),
    posted AS (
        INSERT INTO inventory.stock_movement (
            id, tenant_id, movement_type, product_id, batch_id, location_id, quantity,
            reference_type, reference_id, reason, idempotency_key, created_by
        )
        SELECT m.id, close_reservation.tenant_id, m.movement_type, m.product_id, m.batch_id, m.location_id,
               m.quantity, 'reservation', v_reservation.id, v_reservation.reference,
               close_reservation.idempotency_key, auth.current_user_id()
        FROM moves AS m
        ORDER BY m.position
    )
    SELECT coalesce(array_agg(m.id ORDER BY m.position) FILTER (WHERE m.movement_type = 'sale_issue'), '{}')
    INTO v_issued
    FROM moves AS m;

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
'(sale_issue movements, whose ids it returns). SD404 unknown, SD003 not active, SD005 a reserved batch is '
'on hold (not when released or expired).';
