-- api.release_reservation: give reserved stock back to available.
CREATE OR REPLACE FUNCTION api.release_reservation(idempotency_key text, reservation_id uuid)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_claim record;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.release_reservation');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, release_reservation.idempotency_key, 'api.release_reservation',
        jsonb_build_object('reservation_id', release_reservation.reservation_id),
        '{}'::jsonb
    );
    IF v_claim.request_id IS NULL THEN
        RETURN;
    END IF;
    IF release_reservation.reservation_id IS NULL THEN
        RAISE EXCEPTION 'reservation_id must not be null'
            USING ERRCODE = '22023', DETAIL = 'reservation_id => NULL names no reservation.',
                  HINT = 'Pass the id returned by api.reserve_stock.';
    END IF;
    PERFORM sales.require_unordered_reservation(v_tenant_id, release_reservation.reservation_id, 'released');
    PERFORM inventory.close_reservation(
        v_tenant_id, release_reservation.reservation_id, 'released', release_reservation.idempotency_key
    );
END
$$;

COMMENT ON FUNCTION api.release_reservation(text, uuid) IS
'Releases an active reservation: its stock becomes available again. Errors: 42501, 22023 (also a '
'sales order''s reservation, which its order releases), SD404 unknown reservation, SD003 reservation not '
'active, SD002 key reused.';
