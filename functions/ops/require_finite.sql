-- A number an api argument gives for a numeric(14,3) column (a stock level, a
-- capacity), or 22023. NaN passes every comparison a CHECK makes of it (in
-- PostgreSQL NaN is above every number, so NaN >= 0): a reorder point of NaN
-- was stored, and every stock of its product was below it. Infinity, or a
-- number of 12 digits before the point, failed the column's cast with a
-- bare 22003. A fourth decimal was rounded away as the column took it: a
-- reorder point of 0.0004 kg was stored as 0 (not set), a capacity as 0
-- failed the table's CHECK with a bare 23514, and a forecast sent again with
-- it no longer matched the one recorded, so it was recorded anew. The
-- import refuses such a cell too. NULL passes: the caller decides what NULL
-- means.
CREATE OR REPLACE FUNCTION ops.require_finite(value numeric, argument text)
RETURNS numeric
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF require_finite.value = 'NaN' THEN
        RAISE EXCEPTION '% must be a number', require_finite.argument
            USING ERRCODE = '22023', DETAIL = format('%s => NaN.', require_finite.argument),
                  HINT = 'Pass a number (NaN is not one).';
    END IF;
    IF abs(require_finite.value) >= 100000000000 THEN
        RAISE EXCEPTION '% is too large', require_finite.argument
            USING ERRCODE = '22023', DETAIL = format('%s => %s.', require_finite.argument, require_finite.value),
                  HINT = 'Quantities have at most 11 digits before the point.';
    END IF;
    IF require_finite.value <> round(require_finite.value, 3) THEN
        RAISE EXCEPTION '% has more than 3 decimal places', require_finite.argument
            USING ERRCODE = '22023', DETAIL = format('%s => %s.', require_finite.argument, require_finite.value),
                  HINT = 'Round it to 3 decimal places: it is kept with no more.';
    END IF;
    RETURN require_finite.value;
END
$$;
COMMENT ON FUNCTION ops.require_finite(numeric, text) IS
'Returns value when it is NULL or a number a numeric(14,3) column holds; 22023 naming the argument for '
'NaN, infinity, 12 digits or more before the point, or more than 3 after it.';
