-- squawk-ignore-file ban-drop-table, ban-drop-type, ban-drop-function
-- Dropping what 0008_logistics created is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TABLE logistics.shipment_tracking_event;
DROP TABLE logistics.shipment_item;
DROP TABLE logistics.shipment;
DROP TABLE logistics.carrier;
DROP TYPE logistics.shipment_status;
