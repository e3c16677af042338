-- Undoing 0024: the bounded patterns again.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- squawk-ignore ban-drop-constraint
ALTER TABLE catalog.product DROP CONSTRAINT product_sku_check;
ALTER TABLE catalog.product ADD CONSTRAINT product_sku_check
CHECK (sku ~ '^[[:graph:]]{1,64}$') NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product VALIDATE CONSTRAINT product_sku_check;

-- squawk-ignore ban-drop-constraint
ALTER TABLE warehouse.warehouse DROP CONSTRAINT warehouse_code_check;
ALTER TABLE warehouse.warehouse ADD CONSTRAINT warehouse_code_check
CHECK (code ~ '^[[:graph:]]{1,32}$') NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE warehouse.warehouse VALIDATE CONSTRAINT warehouse_code_check;

-- squawk-ignore ban-drop-constraint
ALTER TABLE warehouse.location DROP CONSTRAINT location_code_check;
ALTER TABLE warehouse.location ADD CONSTRAINT location_code_check
CHECK (code ~ '^[[:graph:]]{1,32}$') NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE warehouse.location VALIDATE CONSTRAINT location_code_check;

-- squawk-ignore ban-drop-constraint
ALTER TABLE procurement.supplier DROP CONSTRAINT supplier_code_check;
ALTER TABLE procurement.supplier ADD CONSTRAINT supplier_code_check
CHECK (code ~ '^[[:graph:]]{1,32}$') NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE procurement.supplier VALIDATE CONSTRAINT supplier_code_check;

-- squawk-ignore ban-drop-constraint
ALTER TABLE procurement.purchase_order DROP CONSTRAINT purchase_order_number_check;
ALTER TABLE procurement.purchase_order ADD CONSTRAINT purchase_order_number_check
CHECK (number ~ '^[[:graph:]]{1,40}$') NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE procurement.purchase_order VALIDATE CONSTRAINT purchase_order_number_check;

-- squawk-ignore ban-drop-constraint
ALTER TABLE sales.customer DROP CONSTRAINT customer_code_check;
ALTER TABLE sales.customer ADD CONSTRAINT customer_code_check
CHECK (code ~ '^[[:graph:]]{1,32}$') NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE sales.customer VALIDATE CONSTRAINT customer_code_check;

-- squawk-ignore ban-drop-constraint
ALTER TABLE sales.sales_order DROP CONSTRAINT sales_order_number_check;
ALTER TABLE sales.sales_order ADD CONSTRAINT sales_order_number_check
CHECK (number ~ '^[[:graph:]]{1,40}$') NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE sales.sales_order VALIDATE CONSTRAINT sales_order_number_check;

-- squawk-ignore ban-drop-constraint
ALTER TABLE logistics.carrier DROP CONSTRAINT carrier_code_check;
ALTER TABLE logistics.carrier ADD CONSTRAINT carrier_code_check
CHECK (code ~ '^[[:graph:]]{1,32}$') NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE logistics.carrier VALIDATE CONSTRAINT carrier_code_check;

-- squawk-ignore ban-drop-constraint
ALTER TABLE logistics.shipment DROP CONSTRAINT shipment_tracking_number_check;
ALTER TABLE logistics.shipment ADD CONSTRAINT shipment_tracking_number_check
CHECK (tracking_number ~ '^[[:graph:]]{1,64}$' AND carrier_id IS NOT NULL) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE logistics.shipment VALIDATE CONSTRAINT shipment_tracking_number_check;

-- squawk-ignore ban-drop-constraint
ALTER TABLE planning.demand_forecast DROP CONSTRAINT demand_forecast_model_name_check;
ALTER TABLE planning.demand_forecast ADD CONSTRAINT demand_forecast_model_name_check
CHECK (model_name ~ '^[[:graph:]]{1,64}$') NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE planning.demand_forecast VALIDATE CONSTRAINT demand_forecast_model_name_check;
