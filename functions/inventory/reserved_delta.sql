-- What a ledger row does to its balance's reserved: a reservation (negative,
-- it leaves available) raises it, its release (positive) lowers it; nothing
-- else touches it. The other half of inventory.on_hand_delta's rule, inlined
-- the same way.
CREATE OR REPLACE FUNCTION inventory.reserved_delta(
    movement_type inventory.stock_movement_type,
    quantity numeric
)
RETURNS numeric
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE WHEN reserved_delta.movement_type IN ('reservation', 'release') THEN -reserved_delta.quantity
                ELSE 0 END
$$;
COMMENT ON FUNCTION inventory.reserved_delta(inventory.stock_movement_type, numeric) IS
'The change a ledger row makes to its balance''s reserved: minus its quantity for a reservation or release, '
'else 0.';
