-- The advisory-lock key of one tenant × product × warehouse's stock. No SET,
-- and only immutable operators, so it is inlined where inventory.lock_stock
-- uses it: text || uuid is anytextcat, which is only STABLE, and an IMMUTABLE
-- SQL function holding it is run as a function (parsed and planned again in
-- each transaction, about 60 µs), not inlined.
CREATE OR REPLACE FUNCTION inventory.stock_lock_key(tenant_id uuid, product_id uuid, warehouse_id uuid)
RETURNS bigint
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT pg_catalog.hashtextextended(
        stock_lock_key.tenant_id::text || '/' || stock_lock_key.product_id::text
        || '/' || stock_lock_key.warehouse_id::text,
        0
    )
$$;
COMMENT ON FUNCTION inventory.stock_lock_key(uuid, uuid, uuid) IS
'The transaction-lock key inventory.lock_stock takes for one product''s stock in one warehouse.';
