-- ops.detect_delayed_shipments: shipments on the road past their expected
-- delivery raise shipment_delayed once; delivery (or a new date) clears it.
CREATE OR REPLACE PROCEDURE ops.detect_delayed_shipments()
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_run bigint := ops.start_run('detect-delayed-shipments');
    v record;
    v_now logistics.shipment;
    v_late boolean;
    v_raised integer := 0;
    v_cleared integer := 0;
    v_busy integer := 0;
BEGIN
    -- Two runs at once would both find a condition new and alert twice.
    PERFORM pg_advisory_xact_lock(hashtextextended('ops.detect_delayed_shipments', 0));
    BEGIN
        FOR v IN
            SELECT s.tenant_id, s.id
            FROM logistics.shipment AS s
            WHERE s.status IN ('in_transit', 'delayed') AND s.expected_delivery_at < now()
            UNION ALL
            SELECT s.tenant_id, s.id
            FROM (
                -- Raised alerts only (alert_state_open_idx), each shipment found by its key:
                -- comparing s.id::text read every shipment ever made. OFFSET 0 keeps the
                -- filter on the alert type below the cast (other types' subjects are no uuids).
                SELECT a.tenant_id, a.subject
                FROM audit.alert_state AS a
                WHERE a.alert_type = 'shipment_delayed' AND a.active
                OFFSET 0
            ) AS a
            JOIN logistics.shipment AS s ON s.tenant_id = a.tenant_id AND s.id = a.subject::uuid
            WHERE NOT (s.status IN ('in_transit', 'delayed') AND s.expected_delivery_at < now())
        LOOP
            -- Judged again on the row as it is now, held FOR SHARE to the end of the run:
            -- judged from the loop's first read, a shipment delivered meanwhile was raised
            -- as late and stayed so until the next run. A shipment being changed
            -- (add_tracking_event holds it) is left for the next run, not waited for.
            SELECT s.* INTO v_now
            FROM logistics.shipment AS s
            WHERE s.tenant_id = v.tenant_id AND s.id = v.id
            FOR SHARE SKIP LOCKED;
            IF NOT FOUND THEN
                v_busy := v_busy + 1;
                CONTINUE;
            END IF;
            v_late := v_now.status IN ('in_transit', 'delayed') AND v_now.expected_delivery_at < now();
            IF audit.set_alert(
                v.tenant_id, 'shipment_delayed', v.id::text, v_late,
                jsonb_build_object('shipment_id', v.id, 'tracking_number', v_now.tracking_number,
                                   'status', v_now.status, 'expected_delivery_at', v_now.expected_delivery_at)
            ) THEN
                IF v_late THEN v_raised := v_raised + 1; ELSE v_cleared := v_cleared + 1; END IF;
            END IF;
        END LOOP;
        PERFORM ops.finish_run(
            v_run, 'ok', jsonb_build_object('raised', v_raised, 'cleared', v_cleared, 'busy', v_busy)
        );
    EXCEPTION WHEN OTHERS THEN
        PERFORM ops.finish_run(v_run, 'failed', ops.failure_detail(SQLSTATE, SQLERRM));
    END;
END
$$;
COMMENT ON PROCEDURE ops.detect_delayed_shipments () IS
'Raises a shipment_delayed alert for each shipment in transit (or delayed) past its expected_delivery_at, '
'once, and clears it when the shipment is delivered, cancelled or given a later date; a shipment being '
'changed meanwhile is left for the next run (detail {raised, cleared, busy}).';
