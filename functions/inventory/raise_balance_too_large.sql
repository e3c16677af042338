-- A balance is numeric(14,3): a movement that would take it past that gets a
-- clear 22023 instead of PostgreSQL's bare numeric overflow (22003).
CREATE OR REPLACE FUNCTION inventory.raise_balance_too_large(
    product_id uuid, location_id uuid, on_hand numeric, adding numeric
)
RETURNS numeric
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'the balance would be too large'
        USING ERRCODE = '22023',
              DETAIL = format(
                  'Product %s at location %s holds %s; adding %s passes 99999999999.999.',
                  raise_balance_too_large.product_id, raise_balance_too_large.location_id,
                  trim_scale(raise_balance_too_large.on_hand), trim_scale(raise_balance_too_large.adding)
              ),
              HINT = 'Check the quantity: a balance has at most 11 digits before the point.';
END
$$;
COMMENT ON FUNCTION inventory.raise_balance_too_large(uuid, uuid, numeric, numeric) IS
'Raises 22023 for a movement that would take a balance past numeric(14,3); typed to sit in an expression.';
