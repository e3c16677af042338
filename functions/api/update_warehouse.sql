-- api.update_warehouse: change what is given (NULL leaves a field as it is).
CREATE OR REPLACE FUNCTION api.update_warehouse(
    warehouse_id uuid,
    version integer,
    name text DEFAULT NULL,
    address jsonb DEFAULT NULL,
    timezone text DEFAULT NULL,
    active boolean DEFAULT NULL
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
    v_warehouse warehouse.warehouse;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_warehouse');
    PERFORM ops.require_id(update_warehouse.warehouse_id, 'warehouse_id', 'warehouse');
    PERFORM ops.require_shallow_json(update_warehouse.address, 'address');
    PERFORM ops.require_json_object(update_warehouse.address, 'address',
                                    'Pass {"line1": ..., "city": ..., "postcode": ..., "country": ...}, or NULL to keep it.'),
            ops.require_unblank(update_warehouse.name, 'name');
    PERFORM ops.require_trimmed(update_warehouse.name, 'name');
    PERFORM ops.require_length(update_warehouse.name, 'name', 500);
    -- Out of use, the warehouse's products have no stock alerts, and its time
    -- zone says which of its lots have expired: judged below under its stock,
    -- taken as a whole before its row, as an import of stock takes it, so the
    -- movements under way there are waited for and none judges meanwhile.
    -- Only a change waits: a form saving every field passes them unchanged. The
    -- row read unlocked here is the one locked below unless its version moved,
    -- and then the call ends in SD004 there.
    IF update_warehouse.active IS NOT NULL OR update_warehouse.timezone IS NOT NULL THEN
        SELECT w.* INTO v_warehouse
        FROM warehouse.warehouse AS w
        WHERE w.tenant_id = v_tenant_id AND w.id = update_warehouse.warehouse_id;
        IF FOUND AND (
            v_warehouse.version <> update_warehouse.version
            OR coalesce(update_warehouse.active <> v_warehouse.active, FALSE)
            OR coalesce(update_warehouse.timezone <> v_warehouse.timezone, FALSE)
        ) THEN
            PERFORM inventory.lock_warehouse_stock(v_tenant_id, ARRAY[update_warehouse.warehouse_id]);
        END IF;
    END IF;
    -- NO KEY UPDATE, as the UPDATE below takes: calls under way that take the row
    -- FOR KEY SHARE (their foreign keys) neither wait for this nor hold it up.
    SELECT w.* INTO v_warehouse
    FROM warehouse.warehouse AS w
    WHERE w.tenant_id = v_tenant_id AND w.id = update_warehouse.warehouse_id
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'warehouse % not found', update_warehouse.warehouse_id
            USING ERRCODE = 'SD404', DETAIL = 'No warehouse with this id belongs to the calling tenant.',
                  HINT = 'Check the id.';
    END IF;
    PERFORM ops.check_version('warehouse', v_warehouse.id, update_warehouse.version, v_warehouse.version);
    PERFORM ops.require_length(update_warehouse.timezone, 'timezone', 100);
    IF update_warehouse.timezone IS NOT NULL AND NOT ops.is_valid_timezone(update_warehouse.timezone) THEN
        RAISE EXCEPTION 'unknown time zone %', ops.named(update_warehouse.timezone)
            USING ERRCODE = '22023', DETAIL = format('timezone => %s.', ops.quoted_excerpt(update_warehouse.timezone)),
                  HINT = 'Pass an IANA time zone such as ''Europe/Berlin''.';
    END IF;
    UPDATE warehouse.warehouse AS w
    SET name = coalesce(update_warehouse.name, w.name),
        address = coalesce(update_warehouse.address, w.address),
        timezone = coalesce(update_warehouse.timezone, w.timezone),
        active = coalesce(update_warehouse.active, w.active)
    WHERE w.tenant_id = v_tenant_id AND w.id = v_warehouse.id
    RETURNING w.version INTO v_version;
    IF coalesce(update_warehouse.active <> v_warehouse.active, FALSE)
       OR coalesce(update_warehouse.timezone <> v_warehouse.timezone, FALSE) THEN
        PERFORM inventory.judge_held_stock_alerts(v_tenant_id, NULL, v_warehouse.id);
    END IF;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.update_warehouse(uuid, integer, text, jsonb, text, boolean) IS
'Changes the given fields of a warehouse (NULL keeps a field) and returns the new version. A change of '
'active or timezone waits for the movements under way in the warehouse and judges its products'' stock '
'alerts again (an inactive warehouse has none); passed unchanged, they wait for nothing. Errors: 42501, '
'22023 no warehouse_id, unknown time zone, a blank or too long name or one with blanks around it, an address '
'that is no JSON object or '
'is nested 32 levels deep, SD404, SD004 stale version.';
