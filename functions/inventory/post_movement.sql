-- One ledger row; the balance follows by trigger.
CREATE OR REPLACE FUNCTION inventory.post_movement(
    tenant_id uuid,
    movement_type inventory.stock_movement_type,
    product_id uuid,
    batch_id uuid,
    location_id uuid,
    quantity numeric,
    reference_type text DEFAULT NULL,
    reference_id uuid DEFAULT NULL,
    reason text DEFAULT NULL,
    idempotency_key text DEFAULT NULL,
    id uuid DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id uuid;
BEGIN
    -- PL/pgSQL keeps the INSERT's plan for the session (a SQL function with
    -- SET would plan it on every call).
    INSERT INTO inventory.stock_movement AS m (
        id, tenant_id, movement_type, product_id, batch_id, location_id, quantity,
        reference_type, reference_id, reason, idempotency_key, created_by
    )
    VALUES (
        coalesce(post_movement.id, ops.uuid_v7()), post_movement.tenant_id, post_movement.movement_type, post_movement.product_id,
        post_movement.batch_id, post_movement.location_id, post_movement.quantity,
        post_movement.reference_type, post_movement.reference_id, post_movement.reason,
        post_movement.idempotency_key, auth.current_user_id()
    )
    RETURNING m.id INTO v_id;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION inventory.post_movement(
    uuid, inventory.stock_movement_type, uuid, uuid, uuid, numeric, text, uuid, text, text, uuid
) IS
'Appends one movement to the ledger (by the current user) and returns its id; the balance follows by trigger.';
