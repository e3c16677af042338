-- A point in time every client can read, as ops.require_date_in_calendar
-- keeps dates: from 1900 to 9999, give or take the day a time zone moves a
-- midnight (a purchase order's expected date is midnight where its goods go).
-- The tables' CHECKs (migration 0057) hold the same bounds. NULL and infinity
-- pass: each caller says what those mean.
CREATE OR REPLACE FUNCTION ops.require_time_in_calendar(value timestamptz, argument text)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF isfinite(require_time_in_calendar.value)
       AND (require_time_in_calendar.value < timestamptz '1899-12-31 00:00:00+00'
            OR require_time_in_calendar.value >= timestamptz '10000-01-01 00:00:00+00') THEN
        RAISE EXCEPTION '% is out of range', require_time_in_calendar.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s; times run from 1900 to 9999.',
                                  require_time_in_calendar.argument, require_time_in_calendar.value),
                  HINT = 'Check the year.';
    END IF;
END
$$;
COMMENT ON FUNCTION ops.require_time_in_calendar(timestamptz, text) IS
'22023 naming the argument for a time before 1899-12-31 00:00 UTC or from 10000-01-01 UTC on; NULL and '
'infinity pass.';
