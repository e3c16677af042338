-- api.add_tracking_event: a carrier's report; the shipment's status follows it.
CREATE OR REPLACE FUNCTION api.add_tracking_event(
    shipment_id uuid,
    status text,
    location text DEFAULT NULL,
    occurred_at timestamptz DEFAULT now(),
    details jsonb DEFAULT '{}'
)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_shipment logistics.shipment;
    v_status logistics.shipment_status;
    v_event_id uuid;
    v_occurred_at timestamptz := add_tracking_event.occurred_at;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.add_tracking_event');
    PERFORM ops.require_id(add_tracking_event.shipment_id, 'shipment_id', 'shipment');
    PERFORM ops.require_shallow_json(add_tracking_event.details, 'details');
    SELECT s.* INTO v_shipment
    FROM logistics.shipment AS s
    WHERE s.tenant_id = v_tenant_id AND s.id = add_tracking_event.shipment_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'shipment % not found', add_tracking_event.shipment_id
            USING ERRCODE = 'SD404', DETAIL = 'No shipment with this id belongs to the calling tenant.',
                  HINT = 'Check the id returned by api.ship_sales_order.';
    END IF;
    -- Bounded before it goes into the message.
    PERFORM ops.require_length(add_tracking_event.status, 'status', 100);
    PERFORM ops.require_length(add_tracking_event.location, 'location', 500);
    IF add_tracking_event.status IS NULL
       OR add_tracking_event.status NOT IN (SELECT unnest(enum_range(NULL::logistics.shipment_status))::text) THEN
        RAISE EXCEPTION 'unknown shipment status %', ops.named(add_tracking_event.status)
            USING ERRCODE = '22023', DETAIL = format('status => %s.', ops.quoted_excerpt(add_tracking_event.status)),
                  HINT = 'Use one of: ' || array_to_string(enum_range(NULL::logistics.shipment_status), ', ') || '.';
    END IF;
    v_status := add_tracking_event.status::logistics.shipment_status;
    -- NULL too: it reached the test below, whose DETAIL read 'occurred_at => , shipped_at …'.
    IF add_tracking_event.occurred_at IS NULL OR NOT isfinite(add_tracking_event.occurred_at) THEN
        RAISE EXCEPTION 'occurred_at must be a point in time'
            USING ERRCODE = '22023',
                  DETAIL = format('occurred_at => %s.', coalesce(add_tracking_event.occurred_at::text, 'NULL')),
                  HINT = 'Pass the time the carrier reported.';
    END IF;
    -- The default is now(), this transaction's start: a transaction that began
    -- before another one shipped still reports after the shipment left.
    IF add_tracking_event.occurred_at = now() THEN
        v_occurred_at := greatest(now(), v_shipment.shipped_at);
    END IF;
    IF v_occurred_at < v_shipment.shipped_at THEN
        RAISE EXCEPTION 'occurred_at must not be before the shipment left'
            USING ERRCODE = '22023',
                  DETAIL = format('occurred_at => %s, shipped_at %s.', add_tracking_event.occurred_at, v_shipment.shipped_at),
                  HINT = 'Pass the time the carrier reported.';
    END IF;
    -- Nothing is reported before it happens. An event dated ahead (a carrier's
    -- local time sent as UTC) outranked every real one until its time came: a
    -- delivery reported in between was recorded and moved nothing. Five minutes
    -- allow for the carrier's clock.
    IF v_occurred_at > clock_timestamp() + interval '5 minutes' THEN
        RAISE EXCEPTION 'occurred_at is in the future'
            USING ERRCODE = '22023',
                  DETAIL = format('occurred_at => %s; the time is now %s.', add_tracking_event.occurred_at,
                                  clock_timestamp()),
                  HINT = 'Pass the time the carrier reported, with its time zone offset.';
    END IF;
    PERFORM ops.require_json_object(add_tracking_event.details, 'details', 'Pass {} or an object of the carrier''s fields.');

    -- A carrier's webhook sends an event again when it saw no answer: the same
    -- event is the one already recorded, not a second one.
    SELECT e.id INTO v_event_id
    FROM logistics.shipment_tracking_event AS e
    WHERE e.tenant_id = v_tenant_id AND e.shipment_id = v_shipment.id
      AND e.occurred_at = v_occurred_at AND e.status = v_status
      AND e.location IS NOT DISTINCT FROM add_tracking_event.location
      AND e.details = coalesce(add_tracking_event.details, '{}')
    LIMIT 1;
    IF FOUND THEN
        RETURN v_event_id;
    END IF;
    INSERT INTO logistics.shipment_tracking_event (tenant_id, shipment_id, occurred_at, status, location, details)
    VALUES (
        v_tenant_id, v_shipment.id, v_occurred_at, v_status, add_tracking_event.location,
        coalesce(add_tracking_event.details, '{}')
    )
    RETURNING id INTO v_event_id;
    -- The shipment is where its latest event says: one that arrives after a
    -- later one (webhooks come out of order) is recorded and moves nothing. It
    -- was taken as a step back, which the transitions table refused (SD003),
    -- and the event was lost.
    IF v_status <> v_shipment.status AND NOT EXISTS (
        SELECT FROM logistics.shipment_tracking_event AS e
        WHERE e.tenant_id = v_tenant_id AND e.shipment_id = v_shipment.id
          AND e.occurred_at > v_occurred_at
    ) THEN
        -- The transitions table decides (SD003 for a step it does not list).
        UPDATE logistics.shipment AS s
        SET status = v_status,
            delivered_at = CASE WHEN v_status = 'delivered' THEN v_occurred_at END
        WHERE s.tenant_id = v_tenant_id AND s.id = v_shipment.id;
    END IF;
    RETURN v_event_id;
END
$$;

COMMENT ON FUNCTION api.add_tracking_event(uuid, text, text, timestamptz, jsonb) IS
'Appends a tracking event to a shipment and, when no later event is recorded, moves the shipment to the '
'event''s status (delivered sets delivered_at; cancelled, a parcel lost or returned to sender, ends it); '
'returns the event id. occurred_at defaults to now, and '
'now is never before the shipment left. The same event sent again (same '
'time, status, location and details) returns the recorded one''s id and changes nothing. Errors: 42501, '
'22023 no shipment_id, unknown status, bad details, or a time before the shipment left or over five '
'minutes ahead, SD404, '
'SD003 a status change the transitions table forbids.';
