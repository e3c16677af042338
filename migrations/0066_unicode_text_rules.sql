-- depends: 0065_search_word_rows
-- Codes, SKUs, document numbers, idempotency keys, tracking numbers and model
-- names are visible characters, and an email holds no control character: the
-- CHECKs said so with [[:graph:]] and [[:cntrl:]], which PostgreSQL reads by
-- the database's LC_CTYPE. Under the C locale the embedded cluster is made in,
-- no letter beyond ASCII is visible: a SKU 'Café' or a customer 'MÜLLER' was
-- refused. Under C.UTF-8 a no-break or zero-width space, a byte order mark or
-- a character that reorders text (U+202E) passed as visible, so two codes
-- that look the same could be two codes. The classes are now read by ICU's
-- root locale (the collation und-x-icu, which initdb makes in every cluster
-- built with ICU), the same in every database: letters, marks, digits,
-- punctuation and symbols of any script are visible; spaces, controls, format
-- characters and unassigned code points are not. The api and the import read
-- them the same way (ops.require_text, ops.require_email,
-- ops.require_document_number, inventory.claim_request, staging.cell_problem).
-- Both locales read the C0 and C1 controls as [[:cntrl:]] already: the emails'
-- CHECKs change so that every class is read one way.
--
-- What the old rule let in and the new one refuses (only possible in a database
-- whose LC_CTYPE is not C) is the owner's to correct, so the migration stops
-- and counts it.

-- squawk-ignore-file ban-drop-constraint, constraint-missing-not-valid
-- Waived: each CHECK is replaced in place and validated under the same
-- migration's lock, a regex over one column per row (as 0023 did for the keys).
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DO $$
DECLARE
    v_found text;
BEGIN
    IF NOT EXISTS (
        SELECT FROM pg_catalog.pg_collation AS c
        WHERE c.collname = 'und-x-icu' AND c.collnamespace = 'pg_catalog'::regnamespace
    ) THEN
        RAISE EXCEPTION 'this PostgreSQL has no ICU collation und-x-icu'
        USING ERRCODE = '0A000',
              DETAIL = 'stockdb reads the characters of codes and emails by ICU''s root locale.',
              HINT = 'Use a PostgreSQL built with ICU, as the Debian, Ubuntu and PGDG packages are.';
    END IF;

    SELECT string_agg(format('%s %s', t.n, t.what), ', ' ORDER BY t.what)
    INTO v_found
    FROM (
        SELECT 'catalog.product sku(s)' AS what, count(*) AS n FROM catalog.product
        WHERE sku COLLATE pg_catalog."und-x-icu" !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'warehouse.warehouse code(s)', count(*) FROM warehouse.warehouse
        WHERE code COLLATE pg_catalog."und-x-icu" !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'warehouse.location code(s)', count(*) FROM warehouse.location
        WHERE code COLLATE pg_catalog."und-x-icu" !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'procurement.supplier code(s)', count(*) FROM procurement.supplier
        WHERE code COLLATE pg_catalog."und-x-icu" !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'procurement.purchase_order number(s)', count(*) FROM procurement.purchase_order
        WHERE number COLLATE pg_catalog."und-x-icu" !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'sales.customer code(s)', count(*) FROM sales.customer
        WHERE code COLLATE pg_catalog."und-x-icu" !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'sales.sales_order number(s)', count(*) FROM sales.sales_order
        WHERE number COLLATE pg_catalog."und-x-icu" !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'logistics.carrier code(s)', count(*) FROM logistics.carrier
        WHERE code COLLATE pg_catalog."und-x-icu" !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'logistics.shipment tracking number(s)', count(*) FROM logistics.shipment
        WHERE tracking_number COLLATE pg_catalog."und-x-icu" !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'planning.demand_forecast model name(s)', count(*) FROM planning.demand_forecast
        WHERE model_name COLLATE pg_catalog."und-x-icu" !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'inventory.movement_request idempotency key(s)', count(*) FROM inventory.movement_request
        WHERE idempotency_key COLLATE pg_catalog."und-x-icu" !~ '^[[:graph:]]+$'
        UNION ALL
        SELECT 'procurement.supplier email(s)', count(*) FROM procurement.supplier
        WHERE email COLLATE pg_catalog."und-x-icu" ~ '[[:cntrl:]]'
        UNION ALL
        SELECT 'sales.customer email(s)', count(*) FROM sales.customer
        WHERE email COLLATE pg_catalog."und-x-icu" ~ '[[:cntrl:]]'
        UNION ALL
        SELECT 'auth.app_user email(s)', count(*) FROM auth.app_user
        WHERE email COLLATE pg_catalog."und-x-icu" ~ '[[:cntrl:]]'
    ) AS t
    WHERE t.n > 0;
    IF v_found IS NOT NULL THEN
        RAISE EXCEPTION 'stored codes or emails hold characters that stockdb now refuses'
        USING ERRCODE = '23514', DETAIL = format('Found %s.', v_found),
        HINT = 'Correct them (WHERE sku COLLATE "und-x-icu" !~ ''^[[:graph:]]+$'' finds such SKUs, and '
               'WHERE email COLLATE "und-x-icu" ~ ''[[:cntrl:]]'' such emails), then run the migration again.';
    END IF;
END
$$;

ALTER TABLE catalog.product DROP CONSTRAINT product_sku_check,
ADD CONSTRAINT product_sku_check
CHECK (length(sku) <= 64 AND sku COLLATE pg_catalog."und-x-icu" ~ '^[[:graph:]]+$') NOT VALID;
ALTER TABLE catalog.product VALIDATE CONSTRAINT product_sku_check;

ALTER TABLE warehouse.warehouse DROP CONSTRAINT warehouse_code_check,
ADD CONSTRAINT warehouse_code_check
CHECK (length(code) <= 32 AND code COLLATE pg_catalog."und-x-icu" ~ '^[[:graph:]]+$') NOT VALID;
ALTER TABLE warehouse.warehouse VALIDATE CONSTRAINT warehouse_code_check;

ALTER TABLE warehouse.location DROP CONSTRAINT location_code_check,
ADD CONSTRAINT location_code_check
CHECK (length(code) <= 32 AND code COLLATE pg_catalog."und-x-icu" ~ '^[[:graph:]]+$') NOT VALID;
ALTER TABLE warehouse.location VALIDATE CONSTRAINT location_code_check;

ALTER TABLE procurement.supplier DROP CONSTRAINT supplier_code_check,
ADD CONSTRAINT supplier_code_check
CHECK (length(code) <= 32 AND code COLLATE pg_catalog."und-x-icu" ~ '^[[:graph:]]+$') NOT VALID;
ALTER TABLE procurement.supplier VALIDATE CONSTRAINT supplier_code_check;

ALTER TABLE procurement.purchase_order DROP CONSTRAINT purchase_order_number_check,
ADD CONSTRAINT purchase_order_number_check
CHECK (length(number) <= 40 AND number COLLATE pg_catalog."und-x-icu" ~ '^[[:graph:]]+$') NOT VALID;
ALTER TABLE procurement.purchase_order VALIDATE CONSTRAINT purchase_order_number_check;

ALTER TABLE sales.customer DROP CONSTRAINT customer_code_check,
ADD CONSTRAINT customer_code_check
CHECK (length(code) <= 32 AND code COLLATE pg_catalog."und-x-icu" ~ '^[[:graph:]]+$') NOT VALID;
ALTER TABLE sales.customer VALIDATE CONSTRAINT customer_code_check;

ALTER TABLE sales.sales_order DROP CONSTRAINT sales_order_number_check,
ADD CONSTRAINT sales_order_number_check
CHECK (length(number) <= 40 AND number COLLATE pg_catalog."und-x-icu" ~ '^[[:graph:]]+$') NOT VALID;
ALTER TABLE sales.sales_order VALIDATE CONSTRAINT sales_order_number_check;

ALTER TABLE logistics.carrier DROP CONSTRAINT carrier_code_check,
ADD CONSTRAINT carrier_code_check
CHECK (length(code) <= 32 AND code COLLATE pg_catalog."und-x-icu" ~ '^[[:graph:]]+$') NOT VALID;
ALTER TABLE logistics.carrier VALIDATE CONSTRAINT carrier_code_check;

ALTER TABLE logistics.shipment DROP CONSTRAINT shipment_tracking_number_check,
ADD CONSTRAINT shipment_tracking_number_check
CHECK (
    length(tracking_number) <= 64 AND tracking_number COLLATE pg_catalog."und-x-icu" ~ '^[[:graph:]]+$'
    AND carrier_id IS NOT NULL
) NOT VALID;
ALTER TABLE logistics.shipment VALIDATE CONSTRAINT shipment_tracking_number_check;

ALTER TABLE planning.demand_forecast DROP CONSTRAINT demand_forecast_model_name_check,
ADD CONSTRAINT demand_forecast_model_name_check
CHECK (length(model_name) <= 64 AND model_name COLLATE pg_catalog."und-x-icu" ~ '^[[:graph:]]+$') NOT VALID;
ALTER TABLE planning.demand_forecast VALIDATE CONSTRAINT demand_forecast_model_name_check;

ALTER TABLE inventory.movement_request DROP CONSTRAINT movement_request_key_check,
ADD CONSTRAINT movement_request_key_check
CHECK (
    length(idempotency_key) <= 200 AND idempotency_key COLLATE pg_catalog."und-x-icu" ~ '^[[:graph:]]+$'
) NOT VALID;
-- Reads the keys still within their retention (ops.purge_idempotency_keys).
ALTER TABLE inventory.movement_request VALIDATE CONSTRAINT movement_request_key_check;

ALTER TABLE procurement.supplier DROP CONSTRAINT supplier_email_printable_check,
ADD CONSTRAINT supplier_email_printable_check
CHECK (email COLLATE pg_catalog."und-x-icu" !~ '[[:cntrl:]]') NOT VALID;
ALTER TABLE procurement.supplier VALIDATE CONSTRAINT supplier_email_printable_check;

ALTER TABLE sales.customer DROP CONSTRAINT customer_email_printable_check,
ADD CONSTRAINT customer_email_printable_check
CHECK (email COLLATE pg_catalog."und-x-icu" !~ '[[:cntrl:]]') NOT VALID;
ALTER TABLE sales.customer VALIDATE CONSTRAINT customer_email_printable_check;

ALTER TABLE auth.app_user DROP CONSTRAINT app_user_email_printable_check,
ADD CONSTRAINT app_user_email_printable_check
CHECK (email COLLATE pg_catalog."und-x-icu" !~ '[[:cntrl:]]') NOT VALID;
ALTER TABLE auth.app_user VALIDATE CONSTRAINT app_user_email_printable_check;
