-- api.fulfil_reservation: issue exactly the reserved batches and locations.
CREATE OR REPLACE FUNCTION api.fulfil_reservation(idempotency_key text, reservation_id uuid)
RETURNS uuid[]
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_claim record;
    v_issued uuid[];
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.fulfil_reservation');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, fulfil_reservation.idempotency_key, 'api.fulfil_reservation',
        jsonb_build_object('reservation_id', fulfil_reservation.reservation_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN ARRAY(SELECT jsonb_array_elements_text(v_claim.previous_result -> 'movement_ids')::uuid);
    END IF;
    IF fulfil_reservation.reservation_id IS NULL THEN
        RAISE EXCEPTION 'reservation_id must not be null'
            USING ERRCODE = '22023', DETAIL = 'reservation_id => NULL names no reservation.',
                  HINT = 'Pass the id returned by api.reserve_stock.';
    END IF;
    PERFORM sales.require_unordered_reservation(v_tenant_id, fulfil_reservation.reservation_id, 'fulfilled');
    v_issued := inventory.close_reservation(
        v_tenant_id, fulfil_reservation.reservation_id, 'fulfilled', fulfil_reservation.idempotency_key
    );
    PERFORM inventory.finish_request(v_tenant_id, v_claim.request_id, jsonb_build_object('movement_ids', to_jsonb(v_issued)));
    RETURN v_issued;
END
$$;

COMMENT ON FUNCTION api.fulfil_reservation(text, uuid) IS
'Fulfils an active reservation: releases and issues (sale_issue) exactly its reserved batches at their '
'locations; returns the sale_issue movement ids. Errors: 42501, 22023 (also a sales order''s reservation, '
'which api.ship_sales_order fulfils), SD404, SD003 not active, SD005 a reserved batch is on hold '
'(api.hold_batch), SD002.';
