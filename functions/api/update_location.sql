-- api.update_location: change what is given (NULL leaves a field as it is).
CREATE OR REPLACE FUNCTION api.update_location(
    location_id uuid,
    version integer,
    kind text DEFAULT NULL,
    capacity numeric DEFAULT NULL,
    active boolean DEFAULT NULL,
    clear text[] DEFAULT NULL
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
    v_location warehouse.location;
    v_version integer;
    v_kind warehouse.location_kind;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_location');
    PERFORM ops.require_id(update_location.location_id, 'location_id', 'location');
    v_kind := warehouse.require_location_kind(update_location.kind);
    PERFORM ops.require_clearable(
        update_location.clear, ARRAY['capacity'],
        jsonb_build_object('capacity', update_location.capacity)
    );
    -- NO KEY UPDATE, as the UPDATE below takes: calls under way that take the row
    -- FOR KEY SHARE (their foreign keys) neither wait for this nor hold it up.
    SELECT l.* INTO v_location
    FROM warehouse.location AS l
    WHERE l.tenant_id = v_tenant_id AND l.id = update_location.location_id
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'location % not found', update_location.location_id
            USING ERRCODE = 'SD404', DETAIL = 'No location with this id belongs to the calling tenant.',
                  HINT = 'Check the id.';
    END IF;
    PERFORM ops.check_version('location', v_location.id, update_location.version, v_location.version);
    PERFORM ops.require_finite(update_location.capacity, 'capacity');
    IF update_location.capacity <= 0 THEN
        RAISE EXCEPTION 'capacity must be positive'
            USING ERRCODE = '22023', DETAIL = format('capacity => %s.', update_location.capacity),
                  HINT = 'Pass a positive capacity, or NULL to keep the current one.';
    END IF;
    UPDATE warehouse.location AS l
    SET kind = coalesce(v_kind, l.kind),
        capacity = ops.kept_or_cleared(update_location.capacity, l.capacity, 'capacity' = ANY (update_location.clear)),
        active = coalesce(update_location.active, l.active)
    WHERE l.tenant_id = v_tenant_id AND l.id = v_location.id
    RETURNING l.version INTO v_version;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.update_location(uuid, integer, text, numeric, boolean, text[]) IS
'Changes the kind, capacity or active flag of a location (NULL keeps a field; clear => ''{capacity}'' '
'removes the capacity) and returns the new version; a location turned to quarantine is no longer allocated '
'from. Turning it to or from quarantine, or out of use and back, changes what of its stock is sellable: '
'the warehouse''s stock is taken first (inventory.lock_warehouse_stock, 55P03 when movements keep it busy '
'past ten tries of 500 ms) and its products'' stock alerts are judged again. Errors: 42501, 22023, SD404, SD004.';
