-- A shipment's tracking history as an application reads it: every event
-- api.add_tracking_event recorded, late ones too (a late event is kept and
-- moves nothing); order by occurred_at for the history.
CREATE OR REPLACE VIEW report.shipment_events WITH (security_barrier = TRUE) AS
SELECT
    e.tenant_id,
    e.id AS event_id,
    e.shipment_id,
    sh.tracking_number,
    e.occurred_at,
    e.status,
    e.location,
    e.details,
    e.created_at
FROM logistics.shipment_tracking_event AS e
INNER JOIN logistics.shipment AS sh ON e.tenant_id = sh.tenant_id AND e.shipment_id = sh.id;

COMMENT ON VIEW report.shipment_events IS
'Every tracking event of the calling tenant''s shipments (late ones included), with the shipment''s '
'tracking number; filter by shipment_id (indexed with occurred_at).';
