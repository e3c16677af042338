-- squawk-ignore-file ban-drop-constraint
-- Dropping what 0059 added is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE logistics.shipment_tracking_event DROP CONSTRAINT shipment_tracking_event_details_size_check;
ALTER TABLE logistics.shipment DROP CONSTRAINT shipment_ship_to_size_check;
ALTER TABLE sales.sales_order DROP CONSTRAINT sales_order_shipping_address_size_check;
ALTER TABLE sales.customer DROP CONSTRAINT customer_addresses_size_check;
ALTER TABLE procurement.supplier DROP CONSTRAINT supplier_address_size_check;
ALTER TABLE warehouse.warehouse DROP CONSTRAINT warehouse_address_size_check;
ALTER TABLE catalog.product DROP CONSTRAINT product_attributes_size_check;
