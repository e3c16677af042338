-- squawk-ignore-file ban-drop-constraint
-- Dropping what 0057 added is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE logistics.shipment DROP CONSTRAINT shipment_expected_delivery_at_in_calendar_check;
ALTER TABLE planning.demand_forecast DROP CONSTRAINT demand_forecast_period_in_calendar_check;
ALTER TABLE procurement.purchase_order DROP CONSTRAINT purchase_order_expected_at_in_calendar_check;
ALTER TABLE inventory.reservation DROP CONSTRAINT reservation_expires_at_in_calendar_check;
ALTER TABLE catalog.product_batch DROP CONSTRAINT product_batch_dates_in_calendar_check;
