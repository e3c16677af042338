-- An amount with its currency as an update call would leave it (a product's
-- price, a lot's cost): both, or neither, and the amount zero or more, as the
-- tables' CHECKs hold it. A half-given one (an amount where the row has no
-- currency, a currency alone, one of them cleared) or a negative one reached
-- those CHECKs as a bare 23514.
CREATE OR REPLACE FUNCTION ops.require_whole_amount(
    amount bigint, currency text, noun text, amount_argument text, given text
)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF (require_whole_amount.amount IS NULL) <> (require_whole_amount.currency IS NULL)
       OR require_whole_amount.amount < 0 THEN
        RAISE EXCEPTION 'a % needs both % (zero or more) and an ISO 4217 currency',
                        require_whole_amount.noun, require_whole_amount.amount_argument
            USING ERRCODE = '22023',
                  DETAIL = format(
                      '%s; the %s would be %s %s.', require_whole_amount.given, require_whole_amount.noun,
                      coalesce(require_whole_amount.amount::text, 'NULL'),
                      coalesce(require_whole_amount.currency, 'NULL')
                  ),
                  HINT = format(
                      'Pass both, or neither to keep the %s; clear => ''{%s,currency}'' removes it.',
                      require_whole_amount.noun, require_whole_amount.amount_argument
                  );
    END IF;
END
$$;
COMMENT ON FUNCTION ops.require_whole_amount(bigint, text, text, text, text) IS
'Nothing when amount and currency are both NULL, or both given with amount zero or more; else 22023 '
'naming the noun (price, cost) and the amount''s argument, with given (the call''s arguments) in the DETAIL.';
