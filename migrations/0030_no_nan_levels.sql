-- depends: 0029_open_alert_index
-- numeric columns hold NaN, and NaN passes the CHECKs a stock level or a
-- capacity had (in PostgreSQL NaN is above every number, so NaN >= 0): the
-- api stored a reorder point of NaN, below which every stock of the product
-- then was (a low-stock alert at every movement), and a capacity of NaN. The
-- api now refuses NaN (ops.require_finite); these CHECKs hold it for every
-- writer.
--
-- A NaN stored before meant nothing a number can say: a level goes back to
-- its default 0 (not set), a maximum level and a capacity to NULL (no limit).
-- Only such rows are written (and audited); then the CHECKs are validated,
-- a read of the two tables under the lock their ADD took.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

UPDATE catalog.product
SET
    min_stock_level = CASE WHEN min_stock_level = 'NaN' THEN 0 ELSE min_stock_level END,
    reorder_point = CASE WHEN reorder_point = 'NaN' THEN 0 ELSE reorder_point END,
    safety_stock_level = CASE WHEN safety_stock_level = 'NaN' THEN 0 ELSE safety_stock_level END,
    max_stock_level = CASE WHEN max_stock_level = 'NaN' THEN NULL ELSE max_stock_level END
WHERE 'NaN' IN (min_stock_level, reorder_point, safety_stock_level, max_stock_level);

UPDATE warehouse.location SET capacity = NULL WHERE capacity = 'NaN';

ALTER TABLE catalog.product ADD CONSTRAINT product_levels_number_check CHECK (
    min_stock_level <> 'NaN' AND reorder_point <> 'NaN' AND safety_stock_level <> 'NaN'
    AND max_stock_level <> 'NaN'
) NOT VALID;
-- One transaction runs the whole migrate, so the VALIDATE holds the ADD's lock.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product VALIDATE CONSTRAINT product_levels_number_check;

ALTER TABLE warehouse.location ADD CONSTRAINT location_capacity_number_check
CHECK (capacity <> 'NaN') NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE warehouse.location VALIDATE CONSTRAINT location_capacity_number_check;
