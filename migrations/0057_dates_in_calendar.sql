-- depends: 0056_email_no_control_characters
-- PostgreSQL keeps dates to year 5,874,897 and before Christ, and infinity;
-- Python's datetime (psycopg, the CLI) and Excel stop at 9999. The api took
-- a batch expiring in 20000, a purchase order expected in 50000 and a
-- reservation expiring at infinity, and every report of them then failed
-- in Python. These CHECKs keep the dates people give to 1900-9999 (times
-- within a day of it, for any time zone's midnight); the api says so first
-- (ops.require_date_in_calendar, ops.require_time_in_calendar, 22023), and
-- the import's date cells take only those years.
--
-- What stockdb wrote itself is replaced by what it meant: 0031 kept a batch
-- expiring at -infinity expired at the earliest date PostgreSQL holds, which
-- becomes the first of the range, as expired; a reservation api.reserve_stock
-- stored as expiring at infinity does not expire (NULL), as
-- api.update_reservation has it. Any other value outside the range is the
-- owner's to correct, so the migration stops and counts them.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

UPDATE catalog.product_batch SET expiry_date = '1900-01-01' WHERE expiry_date = '4714-11-24 BC';
UPDATE inventory.reservation SET expires_at = NULL WHERE expires_at = 'infinity';

DO $$
DECLARE
    v_found text;
BEGIN
    SELECT string_agg(format('%s %s', t.n, t.what), ', ' ORDER BY t.what)
    INTO v_found
    FROM (
        SELECT 'catalog.product_batch manufacture or expiry date(s)' AS what, count(*) AS n
        FROM catalog.product_batch
        WHERE manufacture_date NOT BETWEEN '1900-01-01' AND '9999-12-31'
           OR expiry_date NOT BETWEEN '1900-01-01' AND '9999-12-31'
        UNION ALL
        SELECT 'inventory.reservation expires_at', count(*)
        FROM inventory.reservation
        WHERE expires_at < '1899-12-31 00:00:00+00' OR expires_at >= '10000-01-01 00:00:00+00'
        UNION ALL
        SELECT 'procurement.purchase_order expected_at', count(*)
        FROM procurement.purchase_order
        WHERE expected_at < '1899-12-31 00:00:00+00' OR expected_at >= '10000-01-01 00:00:00+00'
        UNION ALL
        SELECT 'planning.demand_forecast period(s)', count(*)
        FROM planning.demand_forecast
        WHERE period_start NOT BETWEEN '1900-01-01' AND '9999-12-31'
           OR period_end NOT BETWEEN '1900-01-01' AND '9999-12-31'
        UNION ALL
        SELECT 'logistics.shipment expected_delivery_at', count(*)
        FROM logistics.shipment
        WHERE expected_delivery_at < '1899-12-31 00:00:00+00' OR expected_delivery_at >= '10000-01-01 00:00:00+00'
    ) AS t
    WHERE t.n > 0;
    IF v_found IS NOT NULL THEN
        RAISE EXCEPTION 'stored dates lie outside 1900-9999, which stockdb now refuses'
        USING ERRCODE = '23514', DETAIL = format('Found %s.', v_found),
        HINT = 'Correct them (NULL where the date is not known), then run the migration again.';
    END IF;
END
$$;

ALTER TABLE catalog.product_batch ADD CONSTRAINT product_batch_dates_in_calendar_check
CHECK (
    manufacture_date BETWEEN '1900-01-01' AND '9999-12-31' AND expiry_date BETWEEN '1900-01-01' AND '9999-12-31'
) NOT VALID;
-- One transaction runs the whole migrate, so the VALIDATE holds the ADD's lock.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product_batch VALIDATE CONSTRAINT product_batch_dates_in_calendar_check;

ALTER TABLE inventory.reservation ADD CONSTRAINT reservation_expires_at_in_calendar_check
CHECK (expires_at >= '1899-12-31 00:00:00+00' AND expires_at < '10000-01-01 00:00:00+00') NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE inventory.reservation VALIDATE CONSTRAINT reservation_expires_at_in_calendar_check;

ALTER TABLE procurement.purchase_order ADD CONSTRAINT purchase_order_expected_at_in_calendar_check
CHECK (expected_at >= '1899-12-31 00:00:00+00' AND expected_at < '10000-01-01 00:00:00+00') NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE procurement.purchase_order VALIDATE CONSTRAINT purchase_order_expected_at_in_calendar_check;

ALTER TABLE planning.demand_forecast ADD CONSTRAINT demand_forecast_period_in_calendar_check
CHECK (
    period_start BETWEEN '1900-01-01' AND '9999-12-31' AND period_end BETWEEN '1900-01-01' AND '9999-12-31'
) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE planning.demand_forecast VALIDATE CONSTRAINT demand_forecast_period_in_calendar_check;

ALTER TABLE logistics.shipment ADD CONSTRAINT shipment_expected_delivery_at_in_calendar_check
CHECK (
    expected_delivery_at >= '1899-12-31 00:00:00+00' AND expected_delivery_at < '10000-01-01 00:00:00+00'
) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE logistics.shipment VALIDATE CONSTRAINT shipment_expected_delivery_at_in_calendar_check;
