-- What a ledger row does to its balance's on hand: every movement but a
-- reservation or its release moves stock in or out. With
-- inventory.reserved_delta, the one statement of that rule, which the
-- balance triggers, the integrity check and the detaching of old months
-- all sum by. No SET and only immutable operators, so it is inlined into
-- each of those queries instead of called per row.
CREATE OR REPLACE FUNCTION inventory.on_hand_delta(
    movement_type inventory.stock_movement_type,
    quantity numeric
)
RETURNS numeric
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE WHEN on_hand_delta.movement_type IN ('reservation', 'release') THEN 0
                ELSE on_hand_delta.quantity END
$$;
COMMENT ON FUNCTION inventory.on_hand_delta(inventory.stock_movement_type, numeric) IS
'The change a ledger row makes to its balance''s on_hand: its quantity, or 0 for a reservation or release.';
