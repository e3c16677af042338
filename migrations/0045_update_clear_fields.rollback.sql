-- The next migrate makes the seven update functions again from the files
-- then in functions/api.

-- squawk-ignore-file ban-drop-function
-- Waived: undoing 0045 is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP FUNCTION IF EXISTS api.update_product(
    uuid, integer, text, text, uuid, text, text, bigint, char, numeric, numeric, numeric, integer, text, char, jsonb,
    boolean, uuid, text[]
);
DROP FUNCTION IF EXISTS api.update_batch(uuid, integer, date, date, text[]);
DROP FUNCTION IF EXISTS api.update_location(uuid, integer, warehouse.location_kind, numeric, boolean, text[]);
DROP FUNCTION IF EXISTS api.update_customer(uuid, integer, text, text, text, jsonb, jsonb, boolean, text[]);
DROP FUNCTION IF EXISTS api.update_supplier(uuid, integer, text, text, text, jsonb, integer, boolean, text[]);
DROP FUNCTION IF EXISTS api.update_carrier(uuid, integer, text, text, boolean, text[]);
DROP FUNCTION IF EXISTS api.update_user(uuid, integer, text, text, boolean, uuid, text[]);
