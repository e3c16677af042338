-- A date cell: ISO text (YYYY-MM-DD, optionally with a midnight time, as the
-- CLI writes Excel dates) or an Excel serial day number, as a sheet holds a
-- date whose cell has no date format, from 1900 to 9999 as the tables keep
-- them (migration 0057). NULL for anything else or an impossible day (year
-- 0000 too, which the cast refused with 22008 and so failed the whole
-- import); the nested CASEs make sure no cast sees a bad value. STABLE
-- because a text-to-date cast is (ISO text reads the same in every DateStyle).
CREATE OR REPLACE FUNCTION staging.to_date(value text)
RETURNS date
LANGUAGE sql
STABLE
PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN pg_catalog.btrim(value) ~ '^(19|[2-9][0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T]00:00(:00)?)?$' THEN
            CASE
                WHEN pg_catalog.substr(pg_catalog.btrim(value), 9, 2)::integer <= pg_catalog.date_part(
                    'day', (pg_catalog.substr(pg_catalog.btrim(value), 1, 8) || '01')::date + interval '1 month - 1 day'
                )
                    THEN pg_catalog.substr(pg_catalog.btrim(value), 1, 10)::date
            END
        WHEN pg_catalog.btrim(value) ~ '^[0-9]{1,7}$' THEN
            CASE
                WHEN pg_catalog.btrim(value)::integer BETWEEN 61 AND 2958465
                    THEN date '1899-12-30' + pg_catalog.btrim(value)::integer
            END
    END
$$;
COMMENT ON FUNCTION staging.to_date(text) IS
'The cell as a date: YYYY-MM-DD or an Excel serial day number (61 = 1900-03-01); NULL otherwise.';
