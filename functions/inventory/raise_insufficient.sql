-- SD001, said the same way by every function that can run short.
CREATE OR REPLACE FUNCTION inventory.raise_insufficient(sku text, asked numeric, available numeric, place text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'insufficient stock for product %', raise_insufficient.sku
        USING ERRCODE = 'SD001',
              DETAIL = format(
                  'asked %s, available %s %s',
                  trim_scale(raise_insufficient.asked), trim_scale(raise_insufficient.available), raise_insufficient.place
              ),
              HINT = 'Ask for less, receive or transfer stock first, or release reservations that hold it.';
END
$$;
COMMENT ON FUNCTION inventory.raise_insufficient(text, numeric, numeric, text) IS
'Raises SD001 with DETAIL ''asked X, available Y <where>''.';
