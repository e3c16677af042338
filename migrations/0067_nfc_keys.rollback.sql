-- Drops 0067's CHECKs. Keys stay in the form they were stored in; the
-- repeatable trigger files go on writing codes in NFC until they are changed.
-- squawk-ignore-file ban-drop-constraint
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE inventory.movement_request DROP CONSTRAINT movement_request_key_nfc_check;
ALTER TABLE auth.app_user DROP CONSTRAINT app_user_email_nfc_check;
ALTER TABLE planning.demand_forecast DROP CONSTRAINT demand_forecast_model_name_nfc_check;
ALTER TABLE logistics.shipment DROP CONSTRAINT shipment_tracking_number_nfc_check;
ALTER TABLE logistics.carrier DROP CONSTRAINT carrier_code_nfc_check;
ALTER TABLE sales.sales_order DROP CONSTRAINT sales_order_number_nfc_check;
ALTER TABLE sales.customer DROP CONSTRAINT customer_code_nfc_check;
ALTER TABLE procurement.purchase_order DROP CONSTRAINT purchase_order_number_nfc_check;
ALTER TABLE procurement.supplier DROP CONSTRAINT supplier_code_nfc_check;
ALTER TABLE warehouse.location DROP CONSTRAINT location_code_nfc_check;
ALTER TABLE warehouse.warehouse DROP CONSTRAINT warehouse_code_nfc_check;
ALTER TABLE catalog.product_batch DROP CONSTRAINT product_batch_number_nfc_check;
ALTER TABLE catalog.product_category DROP CONSTRAINT product_category_name_nfc_check;
ALTER TABLE catalog.product DROP CONSTRAINT product_sku_nfc_check;
