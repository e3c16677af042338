-- ops.detect_delayed_shipments: shipments on the road past their expected
-- delivery raise shipment_delayed once; delivery (or a new date) clears it.
CREATE OR REPLACE PROCEDURE ops.detect_delayed_shipments()
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_run bigint := ops.start_run('detect-delayed-shipments');
    v record;
    v_raised integer := 0;
    v_cleared integer := 0;
BEGIN
    -- Two runs at once would both find a condition new and alert twice.
    PERFORM pg_advisory_xact_lock(hashtextextended('ops.detect_delayed_shipments', 0));
    BEGIN
        FOR v IN
            SELECT s.tenant_id, s.id, s.tracking_number, s.expected_delivery_at, s.status,
                   s.status IN ('in_transit', 'delayed') AND s.expected_delivery_at < now() AS late
            FROM logistics.shipment AS s
            WHERE s.status IN ('in_transit', 'delayed') AND s.expected_delivery_at < now()
            UNION ALL
            SELECT s.tenant_id, s.id, s.tracking_number, s.expected_delivery_at, s.status, false
            FROM audit.alert_state AS a
            JOIN logistics.shipment AS s ON s.tenant_id = a.tenant_id AND s.id::text = a.subject
            WHERE a.alert_type = 'shipment_delayed' AND a.active
              AND NOT (s.status IN ('in_transit', 'delayed') AND s.expected_delivery_at < now())
        LOOP
            IF audit.set_alert(
                v.tenant_id, 'shipment_delayed', v.id::text, v.late,
                jsonb_build_object('shipment_id', v.id, 'tracking_number', v.tracking_number, 'status', v.status,
                                   'expected_delivery_at', v.expected_delivery_at)
            ) THEN
                IF v.late THEN v_raised := v_raised + 1; ELSE v_cleared := v_cleared + 1; END IF;
            END IF;
        END LOOP;
        PERFORM ops.finish_run(v_run, 'ok', jsonb_build_object('raised', v_raised, 'cleared', v_cleared));
    EXCEPTION WHEN OTHERS THEN
        PERFORM ops.finish_run(v_run, 'failed', ops.failure_detail(SQLSTATE, SQLERRM));
    END;
END
$$;
COMMENT ON PROCEDURE ops.detect_delayed_shipments () IS
'Raises a shipment_delayed alert for each shipment in transit (or delayed) past its expected_delivery_at, '
'once, and clears it when the shipment is delivered, cancelled or given a later date.';
