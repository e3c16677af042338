-- squawk-ignore-file ban-drop-constraint
-- Dropping what 0058 added is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE inventory.stock_movement DROP CONSTRAINT stock_movement_reason_length_check;
ALTER TABLE logistics.shipment_tracking_event DROP CONSTRAINT shipment_tracking_event_location_length_check;
ALTER TABLE inventory.reservation DROP CONSTRAINT reservation_reference_length_check;
ALTER TABLE sales.sales_order DROP CONSTRAINT sales_order_cancel_reason_length_check;
ALTER TABLE procurement.purchase_order DROP CONSTRAINT purchase_order_notes_length_check;
ALTER TABLE auth.app_user DROP CONSTRAINT app_user_display_name_length_check;
ALTER TABLE logistics.carrier DROP CONSTRAINT carrier_tracking_url_template_length_check;
ALTER TABLE logistics.carrier DROP CONSTRAINT carrier_name_length_check;
ALTER TABLE warehouse.warehouse DROP CONSTRAINT warehouse_name_length_check;
ALTER TABLE sales.customer DROP CONSTRAINT customer_phone_length_check;
ALTER TABLE sales.customer DROP CONSTRAINT customer_name_length_check;
ALTER TABLE procurement.supplier DROP CONSTRAINT supplier_phone_length_check;
ALTER TABLE procurement.supplier DROP CONSTRAINT supplier_name_length_check;
ALTER TABLE catalog.product_batch DROP CONSTRAINT product_batch_hold_reason_length_check;
ALTER TABLE catalog.product_category DROP CONSTRAINT product_category_name_length_check;
ALTER TABLE catalog.product DROP CONSTRAINT product_description_length_check;
ALTER TABLE catalog.product DROP CONSTRAINT product_name_length_check;
