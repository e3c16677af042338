-- A location's capacity bounds the stock placed into it. Only placements are
-- held to it: an adjustment or a count records what is on the shelf, and an
-- import of opening stock or counts what was there before, so refusing them
-- would leave the books wrong, not the shelf emptier.
CREATE OR REPLACE FUNCTION inventory.check_capacity(tenant_id uuid, location_id uuid, placed numeric)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_location warehouse.location;
    v_held numeric;
BEGIN
    SELECT l.* INTO v_location
    FROM warehouse.location AS l
    WHERE l.tenant_id = check_capacity.tenant_id AND l.id = check_capacity.location_id;
    IF v_location.capacity IS NULL THEN
        RETURN;
    END IF;
    -- Placements here take turns (migration 0040 says why); the count below
    -- is read after the turn, so it sees what the one before placed.
    INSERT INTO inventory.capacity_gate AS g (tenant_id, location_id)
    VALUES (check_capacity.tenant_id, check_capacity.location_id)
    ON CONFLICT ON CONSTRAINT capacity_gate_pkey DO UPDATE SET placements = g.placements + 1;
    SELECT coalesce(sum(i.on_hand), 0) INTO v_held
    FROM inventory.inventory AS i
    WHERE i.tenant_id = check_capacity.tenant_id AND i.location_id = check_capacity.location_id
      AND i.deleted_at IS NULL;
    IF v_held > v_location.capacity THEN
        RAISE EXCEPTION 'location % has room for % more, not %', v_location.code,
            trim_scale(greatest(v_location.capacity - (v_held - check_capacity.placed), 0)),
            trim_scale(check_capacity.placed)
            USING ERRCODE = '22023',
                  DETAIL = format('Capacity %s; it holds %s before this placement of %s.',
                                  trim_scale(v_location.capacity), trim_scale(v_held - check_capacity.placed),
                                  trim_scale(check_capacity.placed)),
                  HINT = 'Place the rest in another location, or raise its capacity (api.update_location).';
    END IF;
END
$$;
COMMENT ON FUNCTION inventory.check_capacity(uuid, uuid, numeric) IS
'Raises 22023 when the location has a capacity and now holds more than it, after `placed` was added to '
'one of its balances; placements into one location with a capacity take turns on inventory.capacity_gate.';
