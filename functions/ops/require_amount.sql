-- An amount in minor units that fits the bigint columns it goes to, or 22023.
-- Line totals are quantity × price and order totals sums of them: a line of
-- 10,000,000,000 at 9e18 failed deep in a generated column with a bare
-- 22003 `bigint out of range`, naming neither the line nor the arguments.
CREATE OR REPLACE FUNCTION ops.require_amount(amount numeric, what text, detail text)
RETURNS bigint
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF require_amount.amount > 9223372036854775807 THEN
        RAISE EXCEPTION '% is too large', require_amount.what
            USING ERRCODE = '22023',
                  DETAIL = format('%s; amounts in minor units are at most 9223372036854775807.', require_amount.detail),
                  HINT = 'Check the quantities and prices: one of them is far beyond any real order.';
    END IF;
    RETURN round(require_amount.amount)::bigint;
END
$$;
COMMENT ON FUNCTION ops.require_amount(numeric, text, text) IS
'Returns amount rounded to a bigint when it fits one; 22023 naming what it is (a line or order total) '
'otherwise.';
