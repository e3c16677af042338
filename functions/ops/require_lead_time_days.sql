-- A lead time in days, 0 to ten years, or 22023: the range the product and
-- supplier tables' CHECKs hold, said before a bare 23514 would. NULL passes:
-- the caller decides what NULL means.
CREATE OR REPLACE FUNCTION ops.require_lead_time_days(value integer, hint text)
RETURNS integer
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF require_lead_time_days.value NOT BETWEEN 0 AND 3650 THEN
        RAISE EXCEPTION 'lead_time_days must be between 0 and 3650'
            USING ERRCODE = '22023', DETAIL = format('lead_time_days => %s.', require_lead_time_days.value),
                  HINT = require_lead_time_days.hint;
    END IF;
    RETURN require_lead_time_days.value;
END
$$;
COMMENT ON FUNCTION ops.require_lead_time_days(integer, text) IS
'Returns value when it is NULL or 0 to 3650; 22023 with hint otherwise.';
