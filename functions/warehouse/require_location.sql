-- An active location of the tenant, with its warehouse.
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
BEGIN
    IF require_location.location_id IS NULL THEN
        RAISE EXCEPTION '% must not be null', require_location.argument
            USING ERRCODE = '22023', HINT = 'Pass the id of one of your locations.';
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
            USING ERRCODE = '22023', HINT = 'Reactivate the location before moving stock through it.';
    END IF;
    RETURN v_location;
END
$$;
COMMENT ON FUNCTION warehouse.require_location(uuid, uuid, text) IS
'The tenant''s active location with this id; SD404 when missing, 22023 when inactive.';
