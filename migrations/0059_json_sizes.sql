-- depends: 0058_text_lengths
-- A JSON column had a depth limit (0034) and no size limit: api.create_product
-- stored attributes of 20 MB. Its row goes to the audit log whole, and
-- MongoDB takes documents of 16 MB at most, so a row past 1 MB reaches the
-- audit trail with each value over 64 kB replaced by its size and md5
-- (audit.omit_large_values): what the change set was is lost there. No
-- address, attribute set or tracking detail needs more than 64 KiB, so each
-- JSON column is held to that as JSON text, and the api says so first
-- (ops.require_shallow_json, 22023 `… is too large`). A shipment's ship_to is
-- its order's shipping address, copied.
--
-- A stored value over the limit is the owner's to shorten, so the migration
-- stops and counts them.

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
        FROM catalog.product WHERE octet_length(attributes::text) > 65536
        UNION ALL
        SELECT 'warehouse.warehouse address', count(*)
        FROM warehouse.warehouse WHERE octet_length(address::text) > 65536
        UNION ALL
        SELECT 'procurement.supplier address', count(*)
        FROM procurement.supplier WHERE octet_length(address::text) > 65536
        UNION ALL
        SELECT 'sales.customer billing_address or shipping_address', count(*)
        FROM sales.customer
        WHERE octet_length(billing_address::text) > 65536 OR octet_length(shipping_address::text) > 65536
        UNION ALL
        SELECT 'sales.sales_order shipping_address', count(*)
        FROM sales.sales_order WHERE octet_length(shipping_address::text) > 65536
        UNION ALL
        SELECT 'logistics.shipment ship_to', count(*)
        FROM logistics.shipment WHERE octet_length(ship_to::text) > 65536
        UNION ALL
        SELECT 'logistics.shipment_tracking_event details', count(*)
        FROM logistics.shipment_tracking_event WHERE octet_length(details::text) > 65536
    ) AS t
    WHERE t.n > 0;
    IF v_found IS NOT NULL THEN
        RAISE EXCEPTION 'stored JSON is larger than stockdb now allows'
        USING ERRCODE = '23514', DETAIL = format('Found over 65,536 bytes as JSON text in: %s.', v_found),
        HINT = 'Shorten those values (WHERE octet_length(column::text) > 65536 finds them), then run the migration '
        'again.';
    END IF;
END
$$;

ALTER TABLE catalog.product ADD CONSTRAINT product_attributes_size_check
CHECK (octet_length(attributes::text) <= 65536) NOT VALID;
-- One transaction runs the whole migrate, so the VALIDATE holds the ADD's lock.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product VALIDATE CONSTRAINT product_attributes_size_check;

ALTER TABLE warehouse.warehouse ADD CONSTRAINT warehouse_address_size_check
CHECK (octet_length(address::text) <= 65536) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE warehouse.warehouse VALIDATE CONSTRAINT warehouse_address_size_check;

ALTER TABLE procurement.supplier ADD CONSTRAINT supplier_address_size_check
CHECK (octet_length(address::text) <= 65536) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE procurement.supplier VALIDATE CONSTRAINT supplier_address_size_check;

ALTER TABLE sales.customer ADD CONSTRAINT customer_addresses_size_check
CHECK (octet_length(billing_address::text) <= 65536 AND octet_length(shipping_address::text) <= 65536) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE sales.customer VALIDATE CONSTRAINT customer_addresses_size_check;

ALTER TABLE sales.sales_order ADD CONSTRAINT sales_order_shipping_address_size_check
CHECK (octet_length(shipping_address::text) <= 65536) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE sales.sales_order VALIDATE CONSTRAINT sales_order_shipping_address_size_check;

ALTER TABLE logistics.shipment ADD CONSTRAINT shipment_ship_to_size_check
CHECK (octet_length(ship_to::text) <= 65536) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE logistics.shipment VALIDATE CONSTRAINT shipment_ship_to_size_check;

ALTER TABLE logistics.shipment_tracking_event ADD CONSTRAINT shipment_tracking_event_details_size_check
CHECK (octet_length(details::text) <= 65536) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE logistics.shipment_tracking_event VALIDATE CONSTRAINT shipment_tracking_event_details_size_check;
