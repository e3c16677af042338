-- api.update_carrier: change what is given (NULL leaves a field as it is).
CREATE OR REPLACE FUNCTION api.update_carrier(
    carrier_id uuid,
    version integer,
    name text DEFAULT NULL,
    tracking_url_template text DEFAULT NULL,
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
    v_carrier logistics.carrier;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_carrier');
    PERFORM ops.require_id(update_carrier.carrier_id, 'carrier_id', 'carrier');
    PERFORM ops.require_clearable(
        update_carrier.clear, ARRAY['tracking_url_template'],
        jsonb_build_object('tracking_url_template', update_carrier.tracking_url_template)
    );
    PERFORM ops.require_unblank(update_carrier.name, 'name');
    PERFORM ops.require_trimmed(update_carrier.name, 'name');
    PERFORM ops.require_length(update_carrier.name, 'name', 500),
            ops.require_length(update_carrier.tracking_url_template, 'tracking_url_template', 2000);
    PERFORM logistics.require_tracking_url_template(
        update_carrier.tracking_url_template,
        'For example https://track.example.com/?id={tracking_number}; NULL keeps the template.'
    );
    -- NO KEY UPDATE, as the UPDATE below takes: calls under way that take the row
    -- FOR KEY SHARE (their foreign keys) neither wait for this nor hold it up.
    SELECT c.* INTO v_carrier
    FROM logistics.carrier AS c
    WHERE c.tenant_id = v_tenant_id AND c.id = update_carrier.carrier_id
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'carrier % not found', update_carrier.carrier_id
            USING ERRCODE = 'SD404', DETAIL = 'No carrier with this id belongs to the calling tenant.',
                  HINT = 'Check the id.';
    END IF;
    PERFORM ops.check_version('carrier', v_carrier.id, update_carrier.version, v_carrier.version);
    UPDATE logistics.carrier AS c
    SET name = coalesce(update_carrier.name, c.name),
        tracking_url_template = ops.kept_or_cleared(
            update_carrier.tracking_url_template, c.tracking_url_template, 'tracking_url_template' = ANY (update_carrier.clear)
        ),
        active = coalesce(update_carrier.active, c.active)
    WHERE c.tenant_id = v_tenant_id AND c.id = v_carrier.id
    RETURNING c.version INTO v_version;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.update_carrier(uuid, integer, text, text, boolean, text[]) IS
'Changes the given fields of a carrier (NULL keeps a field; clear => ''{tracking_url_template}'' empties '
'it) and returns the new version. Errors: 42501, 22023 no carrier_id, no version, a name with blanks around '
'it, a blank or too long name or '
'template, a field clear '
'cannot empty or that is '
'also given, SD404, SD004 stale version.';
