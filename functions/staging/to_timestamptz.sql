-- A date-and-time cell: ISO text, YYYY-MM-DD HH:MM[:SS[.ffffff]] as a sheet's
-- date-time cell is staged, with an optional offset (Z, +01, +05:30); without
-- one it is a time in `zone` (a warehouse's). NULL for anything else, a date
-- alone (which time of the day would it be?) and an impossible day or time;
-- the CASEs make sure no cast sees a bad value. STABLE as the casts are.
CREATE OR REPLACE FUNCTION staging.to_timestamptz(value text, zone text)
RETURNS timestamptz
LANGUAGE sql
STABLE
PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN pg_catalog.btrim(value)
                 ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,6})?)? ?(Z|[+-](0[0-9]|1[0-4])(:?[0-5][0-9])?)?$'
             AND staging.to_date(pg_catalog.substr(pg_catalog.btrim(value), 1, 10)) IS NOT NULL THEN
            CASE
                WHEN pg_catalog.btrim(value) ~ '(Z|[+-][0-9]{2}(:?[0-9]{2})?)$'
                    THEN pg_catalog.btrim(value)::timestamptz
                ELSE pg_catalog.timezone(zone, pg_catalog.btrim(value)::timestamp)
            END
    END
$$;
COMMENT ON FUNCTION staging.to_timestamptz(text, text) IS
'The cell as a point in time: YYYY-MM-DD HH:MM[:SS[.ffffff]], with an offset or else in time zone zone; '
'NULL otherwise.';
