-- depends: 0030_no_nan_levels
-- date and timestamptz take 'infinity' and '-infinity', and the api stored
-- them: a batch expiring at infinity made report.expiring_batches fail for
-- its whole tenant (cannot subtract infinite dates). The api now refuses
-- them (catalog.find_or_create_batch, api.create_purchase_order); these
-- CHECKs hold it for every writer.
--
-- An infinite date stored before is replaced by what it meant: a batch
-- expiring at infinity does not expire (NULL), one expiring at -infinity
-- stays expired (the earliest date PostgreSQL holds), an unknown
-- manufacture date or expected delivery is NULL.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

UPDATE catalog.product_batch
SET
    expiry_date = CASE
        WHEN expiry_date = '-infinity' THEN '4714-11-24 BC'::date
        WHEN expiry_date = 'infinity' THEN NULL
        ELSE expiry_date
    END,
    manufacture_date = CASE WHEN isfinite(manufacture_date) THEN manufacture_date END
WHERE NOT isfinite(expiry_date) OR NOT isfinite(manufacture_date);

UPDATE procurement.purchase_order SET expected_at = NULL WHERE NOT isfinite(expected_at);

ALTER TABLE catalog.product_batch ADD CONSTRAINT product_batch_dates_finite_check
CHECK (isfinite(expiry_date) AND isfinite(manufacture_date)) NOT VALID;
-- One transaction runs the whole migrate, so the VALIDATE holds the ADD's lock.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product_batch VALIDATE CONSTRAINT product_batch_dates_finite_check;

ALTER TABLE procurement.purchase_order ADD CONSTRAINT purchase_order_expected_at_finite_check
CHECK (isfinite(expected_at)) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE procurement.purchase_order VALIDATE CONSTRAINT purchase_order_expected_at_finite_check;
