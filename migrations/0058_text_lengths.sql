-- depends: 0057_dates_in_calendar
-- Text people type had a length limit in the import (a phone of 50
-- characters, a purchase order's notes of 2,000, a supplier's name of 500)
-- and none in the api or the tables: api.create_customer stored a phone of
-- 100,000 characters, api.record_movement a reason as long into the ledger,
-- and a reservation's reference, copied into the ledger rows it posts, as
-- long again. Only what feeds an index (a product's and a category's name, a
-- description) was bounded, and by the api alone. These CHECKs hold one limit
-- per column, the api says so first (ops.require_length, 22023 `… is too
-- long`), and the import's cells have the same limits.
--
-- A stored value over its limit is the owner's to shorten, so the migration
-- stops and counts them. The ledger's reason is checked for new rows only
-- (NOT VALID, as 0025 did): validating would read tens of millions of rows
-- with every movement waiting, and a long reason already there breaks nothing.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DO $$
DECLARE
    v_found text;
BEGIN
    SELECT string_agg(format('%s %s', t.n, t.what), ', ' ORDER BY t.what)
    INTO v_found
    FROM (
        SELECT 'catalog.product name over 500 characters' AS what, count(*) AS n FROM catalog.product WHERE length(name) > 500
        UNION ALL
        SELECT 'catalog.product description over 20,000 characters', count(*) FROM catalog.product WHERE length(description) > 20000
        UNION ALL
        SELECT 'catalog.product_category name over 200 characters', count(*) FROM catalog.product_category WHERE length(name) > 200
        UNION ALL
        SELECT 'catalog.product_batch hold_reason over 500 characters', count(*) FROM catalog.product_batch WHERE length(hold_reason) > 500
        UNION ALL
        SELECT 'procurement.supplier name over 500 characters', count(*) FROM procurement.supplier WHERE length(name) > 500
        UNION ALL
        SELECT 'procurement.supplier phone over 50 characters', count(*) FROM procurement.supplier WHERE length(phone) > 50
        UNION ALL
        SELECT 'sales.customer name over 500 characters', count(*) FROM sales.customer WHERE length(name) > 500
        UNION ALL
        SELECT 'sales.customer phone over 50 characters', count(*) FROM sales.customer WHERE length(phone) > 50
        UNION ALL
        SELECT 'warehouse.warehouse name over 500 characters', count(*) FROM warehouse.warehouse WHERE length(name) > 500
        UNION ALL
        SELECT 'logistics.carrier name over 500 characters', count(*) FROM logistics.carrier WHERE length(name) > 500
        UNION ALL
        SELECT 'logistics.carrier tracking_url_template over 2,000 characters', count(*) FROM logistics.carrier WHERE length(tracking_url_template) > 2000
        UNION ALL
        SELECT 'auth.app_user display_name over 500 characters', count(*) FROM auth.app_user WHERE length(display_name) > 500
        UNION ALL
        SELECT 'procurement.purchase_order notes over 2,000 characters', count(*) FROM procurement.purchase_order WHERE length(notes) > 2000
        UNION ALL
        SELECT 'sales.sales_order cancel_reason over 500 characters', count(*) FROM sales.sales_order WHERE length(cancel_reason) > 500
        UNION ALL
        SELECT 'inventory.reservation reference over 500 characters', count(*) FROM inventory.reservation WHERE length(reference) > 500
        UNION ALL
        SELECT 'logistics.shipment_tracking_event location over 500 characters', count(*) FROM logistics.shipment_tracking_event WHERE length(location) > 500
    ) AS t
    WHERE t.n > 0;
    IF v_found IS NOT NULL THEN
        RAISE EXCEPTION 'stored texts are longer than stockdb now allows'
        USING ERRCODE = '23514', DETAIL = format('Found %s.', v_found),
        HINT = 'Shorten them (SELECT … WHERE length(column) > limit finds them), then run the migration again.';
    END IF;
END
$$;

ALTER TABLE catalog.product ADD CONSTRAINT product_name_length_check
CHECK (length(name) <= 500) NOT VALID;
-- One transaction runs the whole migrate, so the VALIDATE holds the ADD's lock.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product VALIDATE CONSTRAINT product_name_length_check;

ALTER TABLE catalog.product ADD CONSTRAINT product_description_length_check
CHECK (length(description) <= 20000) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product VALIDATE CONSTRAINT product_description_length_check;

ALTER TABLE catalog.product_category ADD CONSTRAINT product_category_name_length_check
CHECK (length(name) <= 200) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product_category VALIDATE CONSTRAINT product_category_name_length_check;

ALTER TABLE catalog.product_batch ADD CONSTRAINT product_batch_hold_reason_length_check
CHECK (length(hold_reason) <= 500) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product_batch VALIDATE CONSTRAINT product_batch_hold_reason_length_check;

ALTER TABLE procurement.supplier ADD CONSTRAINT supplier_name_length_check
CHECK (length(name) <= 500) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE procurement.supplier VALIDATE CONSTRAINT supplier_name_length_check;

ALTER TABLE procurement.supplier ADD CONSTRAINT supplier_phone_length_check
CHECK (length(phone) <= 50) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE procurement.supplier VALIDATE CONSTRAINT supplier_phone_length_check;

ALTER TABLE sales.customer ADD CONSTRAINT customer_name_length_check
CHECK (length(name) <= 500) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE sales.customer VALIDATE CONSTRAINT customer_name_length_check;

ALTER TABLE sales.customer ADD CONSTRAINT customer_phone_length_check
CHECK (length(phone) <= 50) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE sales.customer VALIDATE CONSTRAINT customer_phone_length_check;

ALTER TABLE warehouse.warehouse ADD CONSTRAINT warehouse_name_length_check
CHECK (length(name) <= 500) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE warehouse.warehouse VALIDATE CONSTRAINT warehouse_name_length_check;

ALTER TABLE logistics.carrier ADD CONSTRAINT carrier_name_length_check
CHECK (length(name) <= 500) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE logistics.carrier VALIDATE CONSTRAINT carrier_name_length_check;

ALTER TABLE logistics.carrier ADD CONSTRAINT carrier_tracking_url_template_length_check
CHECK (length(tracking_url_template) <= 2000) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE logistics.carrier VALIDATE CONSTRAINT carrier_tracking_url_template_length_check;

ALTER TABLE auth.app_user ADD CONSTRAINT app_user_display_name_length_check
CHECK (length(display_name) <= 500) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE auth.app_user VALIDATE CONSTRAINT app_user_display_name_length_check;

ALTER TABLE procurement.purchase_order ADD CONSTRAINT purchase_order_notes_length_check
CHECK (length(notes) <= 2000) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE procurement.purchase_order VALIDATE CONSTRAINT purchase_order_notes_length_check;

ALTER TABLE sales.sales_order ADD CONSTRAINT sales_order_cancel_reason_length_check
CHECK (length(cancel_reason) <= 500) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE sales.sales_order VALIDATE CONSTRAINT sales_order_cancel_reason_length_check;

ALTER TABLE inventory.reservation ADD CONSTRAINT reservation_reference_length_check
CHECK (length(reference) <= 500) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE inventory.reservation VALIDATE CONSTRAINT reservation_reference_length_check;

ALTER TABLE logistics.shipment_tracking_event ADD CONSTRAINT shipment_tracking_event_location_length_check
CHECK (length(location) <= 500) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE logistics.shipment_tracking_event VALIDATE CONSTRAINT shipment_tracking_event_location_length_check;

-- The ledger: new rows only (see above).
ALTER TABLE inventory.stock_movement ADD CONSTRAINT stock_movement_reason_length_check
CHECK (length(reason) <= 500) NOT VALID;
