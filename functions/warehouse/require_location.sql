-- An active location of an active warehouse of the tenant.
CREATE OR REPLACE FUNCTION warehouse.require_location(
    tenant_id uuid, location_id uuid, argument text DEFAULT 'location_id'
)
RETURNS warehouse.location
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_location warehouse.location;
    v_warehouse_code text;
BEGIN
    IF require_location.location_id IS NULL THEN
        RAISE EXCEPTION '% must not be null', require_location.argument
            USING ERRCODE = '22023', DETAIL = format('%s => NULL names no location.', require_location.argument),
                  HINT = 'Pass the id of one of your locations.';
    END IF;
    SELECT l.* INTO v_location
    FROM warehouse.location AS l
    WHERE l.tenant_id = require_location.tenant_id AND l.id = require_location.location_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'location % not found', require_location.location_id
            USING ERRCODE = 'SD404',
                  DETAIL = format('%s names no location of the calling tenant.', require_location.argument),
                  HINT = 'Check the id.';
    END IF;
    IF NOT v_location.active THEN
        RAISE EXCEPTION 'location % is inactive', v_location.code
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s: location %s is marked inactive.', require_location.argument, v_location.id,
                                  v_location.code),
                  HINT = 'Reactivate the location before moving stock through it.';
    END IF;
    -- An inactive warehouse reserves nothing (warehouse.require_warehouse);
    -- stock was still received, moved and counted in its locations.
    SELECT w.code INTO v_warehouse_code
    FROM warehouse.warehouse AS w
    WHERE w.tenant_id = require_location.tenant_id AND w.id = v_location.warehouse_id AND NOT w.active;
    IF FOUND THEN
        RAISE EXCEPTION 'warehouse % is inactive', v_warehouse_code
            USING ERRCODE = '22023', DETAIL = format('Location %s is in it.', v_location.code),
                  HINT = 'Reactivate the warehouse before moving stock through it.';
    END IF;
    RETURN v_location;
END
$$;
COMMENT ON FUNCTION warehouse.require_location(uuid, uuid, text) IS
'The tenant''s active location with this id, in an active warehouse; SD404 when missing, 22023 when it or '
'its warehouse is inactive.';
