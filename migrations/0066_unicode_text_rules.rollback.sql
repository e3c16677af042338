-- Puts back the CHECKs as 0066 found them, read by the database's LC_CTYPE.
-- Under C that refuses every character beyond ASCII in a code: what 0066 let
-- in is the owner's to correct first, so the rollback stops and counts it.
-- squawk-ignore-file ban-drop-constraint, constraint-missing-not-valid
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DO $$
DECLARE
    v_found text;
BEGIN
    SELECT string_agg(format('%s %s', t.n, t.what), ', ' ORDER BY t.what)
    INTO v_found
    FROM (
        SELECT 'catalog.product sku(s)' AS what, count(*) AS n FROM catalog.product
        WHERE sku !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'warehouse.warehouse code(s)', count(*) FROM warehouse.warehouse WHERE code !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'warehouse.location code(s)', count(*) FROM warehouse.location WHERE code !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'procurement.supplier code(s)', count(*) FROM procurement.supplier WHERE code !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'procurement.purchase_order number(s)', count(*) FROM procurement.purchase_order
        WHERE number !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'sales.customer code(s)', count(*) FROM sales.customer WHERE code !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'sales.sales_order number(s)', count(*) FROM sales.sales_order WHERE number !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'logistics.carrier code(s)', count(*) FROM logistics.carrier WHERE code !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'logistics.shipment tracking number(s)', count(*) FROM logistics.shipment
        WHERE tracking_number !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'planning.demand_forecast model name(s)', count(*) FROM planning.demand_forecast
        WHERE model_name !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'inventory.movement_request idempotency key(s)', count(*) FROM inventory.movement_request
        WHERE idempotency_key !~ '^[[:graph:]]+$'
    ) AS t
    WHERE t.n > 0;
    IF v_found IS NOT NULL THEN
        RAISE EXCEPTION 'stored codes hold characters that the database''s own locale does not read as visible'
        USING ERRCODE = '23514', DETAIL = format('Found %s.', v_found),
        HINT = 'Correct them (WHERE sku !~ ''^[[:graph:]]+$'' finds such SKUs), then roll back again.';
    END IF;
END
$$;

ALTER TABLE auth.app_user DROP CONSTRAINT app_user_email_printable_check,
ADD CONSTRAINT app_user_email_printable_check CHECK (email !~ '[[:cntrl:]]');
ALTER TABLE sales.customer DROP CONSTRAINT customer_email_printable_check,
ADD CONSTRAINT customer_email_printable_check CHECK (email !~ '[[:cntrl:]]');
ALTER TABLE procurement.supplier DROP CONSTRAINT supplier_email_printable_check,
ADD CONSTRAINT supplier_email_printable_check CHECK (email !~ '[[:cntrl:]]');

ALTER TABLE inventory.movement_request DROP CONSTRAINT movement_request_key_check,
ADD CONSTRAINT movement_request_key_check
CHECK (length(idempotency_key) <= 200 AND idempotency_key ~ '^[[:graph:]]+$');
ALTER TABLE planning.demand_forecast DROP CONSTRAINT demand_forecast_model_name_check,
ADD CONSTRAINT demand_forecast_model_name_check CHECK (length(model_name) <= 64 AND model_name ~ '^[[:graph:]]+$');
ALTER TABLE logistics.shipment DROP CONSTRAINT shipment_tracking_number_check,
ADD CONSTRAINT shipment_tracking_number_check
CHECK (length(tracking_number) <= 64 AND tracking_number ~ '^[[:graph:]]+$' AND carrier_id IS NOT NULL);
ALTER TABLE logistics.carrier DROP CONSTRAINT carrier_code_check,
ADD CONSTRAINT carrier_code_check CHECK (length(code) <= 32 AND code ~ '^[[:graph:]]+$');
ALTER TABLE sales.sales_order DROP CONSTRAINT sales_order_number_check,
ADD CONSTRAINT sales_order_number_check CHECK (length(number) <= 40 AND number ~ '^[[:graph:]]+$');
ALTER TABLE sales.customer DROP CONSTRAINT customer_code_check,
ADD CONSTRAINT customer_code_check CHECK (length(code) <= 32 AND code ~ '^[[:graph:]]+$');
ALTER TABLE procurement.purchase_order DROP CONSTRAINT purchase_order_number_check,
ADD CONSTRAINT purchase_order_number_check CHECK (length(number) <= 40 AND number ~ '^[[:graph:]]+$');
ALTER TABLE procurement.supplier DROP CONSTRAINT supplier_code_check,
ADD CONSTRAINT supplier_code_check CHECK (length(code) <= 32 AND code ~ '^[[:graph:]]+$');
ALTER TABLE warehouse.location DROP CONSTRAINT location_code_check,
ADD CONSTRAINT location_code_check CHECK (length(code) <= 32 AND code ~ '^[[:graph:]]+$');
ALTER TABLE warehouse.warehouse DROP CONSTRAINT warehouse_code_check,
ADD CONSTRAINT warehouse_code_check CHECK (length(code) <= 32 AND code ~ '^[[:graph:]]+$');
ALTER TABLE catalog.product DROP CONSTRAINT product_sku_check,
ADD CONSTRAINT product_sku_check CHECK (length(sku) <= 64 AND sku ~ '^[[:graph:]]+$');
