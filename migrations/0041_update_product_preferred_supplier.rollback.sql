-- The next migrate makes api.update_product again from the file then in
-- functions/api.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- squawk-ignore ban-drop-function
DROP FUNCTION IF EXISTS api.update_product(
    uuid, integer, text, text, uuid, text, text, bigint, char, numeric, numeric, numeric, integer, text, char, jsonb,
    boolean, uuid
);
