-- squawk-ignore-file ban-drop-table, ban-drop-type, ban-drop-function
-- Dropping what 0004_warehouse created is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TABLE warehouse.location;
DROP TABLE warehouse.warehouse;
DROP TYPE warehouse.location_kind;
DROP FUNCTION ops.is_valid_timezone(text);
