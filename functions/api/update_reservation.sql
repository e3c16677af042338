-- api.update_reservation: extend or shorten a hold, or change its reference
-- (NULL keeps a field), at the version the caller read.
CREATE OR REPLACE FUNCTION api.update_reservation(
    reservation_id uuid,
    version integer,
    expires_at timestamptz DEFAULT NULL,
    reference text DEFAULT NULL
)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_reservation inventory.reservation;
    v_new inventory.reservation;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_reservation');
    PERFORM ops.require_id(update_reservation.reservation_id, 'reservation_id', 'reservation');
    -- The row alone, no stock lock: no stock moves. ops.expire_reservations
    -- takes the stock lock and then this row, so it waits for this call and
    -- then sees the new expiry (inventory.close_reservation checks it again).
    SELECT r.* INTO v_reservation
    FROM inventory.reservation AS r
    WHERE r.tenant_id = v_tenant_id AND r.id = update_reservation.reservation_id
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'reservation % not found', update_reservation.reservation_id
            USING ERRCODE = 'SD404', DETAIL = 'No reservation with this id belongs to the calling tenant.',
                  HINT = 'Read the ids from report.reservations.';
    END IF;
    PERFORM ops.check_version('reservation', v_reservation.id, update_reservation.version, v_reservation.version);
    PERFORM sales.require_unordered_reservation(v_tenant_id, v_reservation.id, 'changed');
    IF v_reservation.status <> 'active' THEN
        RAISE EXCEPTION 'reservation % is %, not active', v_reservation.id, v_reservation.status
            USING ERRCODE = 'SD003',
                  DETAIL = format('Reservation %s (reference %s) is %s; its stock is no longer held.', v_reservation.id,
                                  ops.quoted_excerpt(v_reservation.reference), v_reservation.status),
                  HINT = 'Only an active reservation can be changed; reserve the stock again.';
    END IF;
    IF update_reservation.expires_at <= now() THEN
        RAISE EXCEPTION 'expires_at must be in the future'
            USING ERRCODE = '22023',
                  DETAIL = format('expires_at => %s, now is %s.', update_reservation.expires_at, now()),
                  HINT = 'Pass ''infinity'' for a reservation that does not expire, or release it.';
    END IF;
    PERFORM ops.require_time_in_calendar(update_reservation.expires_at, 'expires_at');
    PERFORM ops.require_length(update_reservation.reference, 'reference', 500);
    v_new.expires_at := CASE
        WHEN update_reservation.expires_at IS NULL THEN v_reservation.expires_at
        WHEN update_reservation.expires_at = 'infinity' THEN NULL
        ELSE update_reservation.expires_at
    END;
    v_new.reference := coalesce(update_reservation.reference, v_reservation.reference);
    -- A change of nothing (a form saved as it was read) is no new version:
    -- another editor holding this one would be refused for a change that never was.
    IF (v_new.expires_at, v_new.reference) IS NOT DISTINCT FROM (v_reservation.expires_at, v_reservation.reference) THEN
        RETURN v_reservation.version;
    END IF;
    UPDATE inventory.reservation AS r
    SET expires_at = v_new.expires_at, reference = v_new.reference
    WHERE r.tenant_id = v_tenant_id AND r.id = v_reservation.id
    RETURNING r.version INTO v_version;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.update_reservation(uuid, integer, timestamptz, text) IS
'Changes an active reservation''s expires_at (in the future; ''infinity'' for none) or reference (NULL keeps '
'a field) and returns the new version (the one passed when nothing changes); the stock it holds stays as it '
'is. Not a sales order''s reservation. '
'Errors: 42501, 22023 no reservation_id, no version, expires_at not in the future or a sales '
'order''s reservation, SD404 '
'unknown reservation, SD004 stale version, SD003 reservation not active.';
