-- depends: 0061_trimmed_names
-- api.record_movement's and api.receive_stock's movement_type, and
-- api.create_location's and api.update_location's kind, were typed as our
-- enums. An application's role has no USAGE on the schemas those types live
-- in, so it could never name them, and a parameter a driver binds as text or
-- varchar (JDBC's setString, Npgsql's string, a prepared statement's text
-- parameter) found no function: 42883 `function api.record_movement(…, text,
-- …) does not exist`. Only an untyped literal reached the function, and an
-- unknown value then failed in the cast, before the function ran, with a
-- bare 22P02 (no DETAIL, no HINT). They take text now, as
-- api.add_tracking_event's status does, and refuse an unknown value with
-- 22023 naming the ones allowed (functions/api/*.sql, made again in this
-- same transaction). Calls as applications could write them before keep
-- working: by position or by name, with the same values.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- squawk-ignore ban-drop-function
DROP FUNCTION IF EXISTS api.record_movement(text, inventory.stock_movement_type, uuid, uuid, numeric, uuid, text);
-- squawk-ignore ban-drop-function
DROP FUNCTION IF EXISTS api.receive_stock(
    text, uuid, uuid, numeric, text, date, date, bigint, inventory.stock_movement_type, char
);
-- squawk-ignore ban-drop-function
DROP FUNCTION IF EXISTS api.create_location(uuid, text, warehouse.location_kind, numeric);
-- squawk-ignore ban-drop-function
DROP FUNCTION IF EXISTS api.update_location(uuid, integer, warehouse.location_kind, numeric, boolean, text[]);
