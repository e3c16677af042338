-- depends: 0033_indexed_text_limits
-- A business row goes to the audit log whole, JSON columns and all, and
-- PostgreSQL stores JSON nested thousands of levels deep: MongoDB takes a
-- document nested at most 100 levels, and the relay's JSON reader gives up at
-- about a thousand (RecursionError), so one such value stopped the relay at
-- it on every start. The api now refuses JSON with anything 32 levels below
-- its top (ops.require_shallow_json); these CHECKs hold it for every writer.
--
-- No real address, attribute set or tracking detail is nested that deep, so
-- none should be stored; if one is, it is the owner's to flatten, so the
-- migration stops and names them.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DO $$
DECLARE
    v_found text;
BEGIN
    SELECT string_agg(format('%s %s', t.n, t.what), ', ' ORDER BY t.what)
    INTO v_found
    FROM (
        SELECT 'catalog.product attributes' AS what, count(*) AS n
        FROM catalog.product WHERE jsonb_path_exists(attributes, 'strict $.**{32}')
        UNION ALL
        SELECT 'warehouse.warehouse address', count(*)
        FROM warehouse.warehouse WHERE jsonb_path_exists(address, 'strict $.**{32}')
        UNION ALL
        SELECT 'procurement.supplier address', count(*)
        FROM procurement.supplier WHERE jsonb_path_exists(address, 'strict $.**{32}')
        UNION ALL
        SELECT 'sales.customer billing_address or shipping_address', count(*)
        FROM sales.customer
        WHERE jsonb_path_exists(billing_address, 'strict $.**{32}')
        OR jsonb_path_exists(shipping_address, 'strict $.**{32}')
        UNION ALL
        SELECT 'sales.sales_order shipping_address', count(*)
        FROM sales.sales_order WHERE jsonb_path_exists(shipping_address, 'strict $.**{32}')
        UNION ALL
        SELECT 'logistics.shipment ship_to', count(*)
        FROM logistics.shipment WHERE jsonb_path_exists(ship_to, 'strict $.**{32}')
        UNION ALL
        SELECT 'logistics.shipment_tracking_event details', count(*)
        FROM logistics.shipment_tracking_event WHERE jsonb_path_exists(details, 'strict $.**{32}')
    ) AS t
    WHERE t.n > 0;
    IF v_found IS NOT NULL THEN
        RAISE EXCEPTION 'stored JSON is nested deeper than stockdb now allows'
        USING ERRCODE = '23514', DETAIL = format('Found 32 or more levels in: %s.', v_found),
        HINT = 'Flatten those values to less than 32 levels, then run the migration again.';
    END IF;
END
$$;

ALTER TABLE catalog.product ADD CONSTRAINT product_attributes_depth_check
CHECK (NOT jsonb_path_exists(attributes, 'strict $.**{32}')) NOT VALID;
-- One transaction runs the whole migrate, so the VALIDATE holds the ADD's lock.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product VALIDATE CONSTRAINT product_attributes_depth_check;

ALTER TABLE warehouse.warehouse ADD CONSTRAINT warehouse_address_depth_check
CHECK (NOT jsonb_path_exists(address, 'strict $.**{32}')) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE warehouse.warehouse VALIDATE CONSTRAINT warehouse_address_depth_check;

ALTER TABLE procurement.supplier ADD CONSTRAINT supplier_address_depth_check
CHECK (NOT jsonb_path_exists(address, 'strict $.**{32}')) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE procurement.supplier VALIDATE CONSTRAINT supplier_address_depth_check;

ALTER TABLE sales.customer ADD CONSTRAINT customer_addresses_depth_check
CHECK (
    NOT jsonb_path_exists(billing_address, 'strict $.**{32}')
    AND NOT jsonb_path_exists(shipping_address, 'strict $.**{32}')
) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE sales.customer VALIDATE CONSTRAINT customer_addresses_depth_check;

ALTER TABLE sales.sales_order ADD CONSTRAINT sales_order_shipping_address_depth_check
CHECK (NOT jsonb_path_exists(shipping_address, 'strict $.**{32}')) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE sales.sales_order VALIDATE CONSTRAINT sales_order_shipping_address_depth_check;

ALTER TABLE logistics.shipment ADD CONSTRAINT shipment_ship_to_depth_check
CHECK (NOT jsonb_path_exists(ship_to, 'strict $.**{32}')) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE logistics.shipment VALIDATE CONSTRAINT shipment_ship_to_depth_check;

ALTER TABLE logistics.shipment_tracking_event ADD CONSTRAINT shipment_tracking_event_details_depth_check
CHECK (NOT jsonb_path_exists(details, 'strict $.**{32}')) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE logistics.shipment_tracking_event VALIDATE CONSTRAINT shipment_tracking_event_details_depth_check;
