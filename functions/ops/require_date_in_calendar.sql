-- A date every client can read and a person can mean: PostgreSQL keeps dates
-- to year 5,874,897 and before Christ, where Python's datetime (psycopg, the
-- CLI) and Excel stop at 9999, so one batch expiring in 20000 made its
-- reports unreadable there; and a year before 1900 on a batch, an order or a
-- forecast is a typo. The tables' CHECKs (migration 0057) hold the same
-- bounds. NULL and infinity pass: each caller says what those mean.
CREATE OR REPLACE FUNCTION ops.require_date_in_calendar(value date, argument text)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF isfinite(require_date_in_calendar.value)
       AND require_date_in_calendar.value NOT BETWEEN date '1900-01-01' AND date '9999-12-31' THEN
        RAISE EXCEPTION '% is out of range', require_date_in_calendar.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s; dates run from 1900-01-01 to 9999-12-31.',
                                  require_date_in_calendar.argument, require_date_in_calendar.value),
                  HINT = 'Check the year.';
    END IF;
END
$$;
COMMENT ON FUNCTION ops.require_date_in_calendar(date, text) IS
'22023 naming the argument for a date before 1900-01-01 or after 9999-12-31; NULL and infinity pass.';
