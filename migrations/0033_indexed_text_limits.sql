-- depends: 0032_category_depth
-- A barcode, a batch number and an email are B-tree indexed, and nothing held
-- their length: past an index row's 2,704 bytes a create failed with a bare
-- 54000 (index row size exceeds the maximum). The api now refuses them with
-- 22023 (ops.require_length) at the lengths the import already held its cells
-- to; these CHECKs hold them for every writer.
--
-- A value past them is not one a scanner, a label or a mail server takes, so
-- none should be stored; if one is, it is the owner's to shorten (a batch
-- number is part of its batch's key), so the migration stops and names them.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DO $$
DECLARE
    v_found text;
BEGIN
    SELECT string_agg(format('%s %s', t.n, t.what), ', ' ORDER BY t.what)
    INTO v_found
    FROM (
        SELECT 'catalog.product barcode(s) over 64 characters' AS what, count(*) AS n
        FROM catalog.product WHERE length(barcode) > 64
        UNION ALL
        SELECT 'catalog.product_batch batch_number(s) over 100 characters', count(*)
        FROM catalog.product_batch WHERE length(batch_number) > 100
        UNION ALL
        SELECT 'sales.customer email(s) over 320 characters', count(*)
        FROM sales.customer WHERE length(email) > 320
        UNION ALL
        SELECT 'procurement.supplier email(s) over 320 characters', count(*)
        FROM procurement.supplier WHERE length(email) > 320
        UNION ALL
        SELECT 'auth.app_user email(s) over 320 characters', count(*)
        FROM auth.app_user WHERE length(email) > 320
    ) AS t
    WHERE t.n > 0;
    IF v_found IS NOT NULL THEN
        RAISE EXCEPTION 'stored values are longer than stockdb now allows'
        USING ERRCODE = '23514', DETAIL = format('Found %s.', v_found),
        HINT = 'Shorten them (barcodes to 64 characters, batch numbers to 100, emails to 320), '
        'then run the migration again.';
    END IF;
END
$$;

ALTER TABLE catalog.product ADD CONSTRAINT product_barcode_length_check
CHECK (length(barcode) <= 64) NOT VALID;
-- One transaction runs the whole migrate, so the VALIDATE holds the ADD's lock.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product VALIDATE CONSTRAINT product_barcode_length_check;

ALTER TABLE catalog.product_batch ADD CONSTRAINT product_batch_number_length_check
CHECK (length(batch_number) <= 100) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product_batch VALIDATE CONSTRAINT product_batch_number_length_check;

ALTER TABLE sales.customer ADD CONSTRAINT customer_email_length_check
CHECK (length(email) <= 320) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE sales.customer VALIDATE CONSTRAINT customer_email_length_check;

ALTER TABLE procurement.supplier ADD CONSTRAINT supplier_email_length_check
CHECK (length(email) <= 320) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE procurement.supplier VALIDATE CONSTRAINT supplier_email_length_check;

ALTER TABLE auth.app_user ADD CONSTRAINT app_user_email_length_check
CHECK (length(email) <= 320) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE auth.app_user VALIDATE CONSTRAINT app_user_email_length_check;
