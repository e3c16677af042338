-- depends: 0031_finite_dates
-- A category's path holds the ids of its ancestors (37 characters each) and
-- is B-tree indexed: past about 72 levels the path no longer fit an index
-- row (2,704 bytes) and a create or a move failed with a bare 54000. Depths 0
-- to 64 keep it under, with room to spare; a tree that deep is already far
-- past any real catalogue, so no stored one is refused.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE catalog.product_category ADD CONSTRAINT product_category_depth_limit_check
CHECK (depth <= 64) NOT VALID;
-- One transaction runs the whole migrate, so the VALIDATE holds the ADD's lock.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product_category VALIDATE CONSTRAINT product_category_depth_limit_check;
