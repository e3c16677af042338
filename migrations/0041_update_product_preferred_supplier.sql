-- depends: 0040_location_capacity
-- report.reorder_suggestions proposes a product's preferred supplier, and no
-- api call could set catalog.product.preferred_supplier_id: only SQL written
-- by hand did. api.update_product gains preferred_supplier_id, last
-- (functions/api/update_product.sql, made again in this same transaction);
-- calls without it keep working, through the default.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- squawk-ignore ban-drop-function
DROP FUNCTION IF EXISTS api.update_product(
    uuid, integer, text, text, uuid, text, text, bigint, char, numeric, numeric, numeric, integer, text, char, jsonb,
    boolean
);
