-- The advisory-lock key of one tenant × warehouse's stock as a whole: every
-- call that moves stock there holds it shared, an import posting there holds
-- it exclusive. Hashed from text of another shape than stock_lock_key's, so
-- the two kinds of key do not meet. Inlined like stock_lock_key.
CREATE OR REPLACE FUNCTION inventory.warehouse_stock_key(tenant_id uuid, warehouse_id uuid)
RETURNS bigint
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT pg_catalog.hashtextextended(
        'warehouse/' || warehouse_stock_key.tenant_id::text || '/' || warehouse_stock_key.warehouse_id::text,
        0
    )
$$;
COMMENT ON FUNCTION inventory.warehouse_stock_key(uuid, uuid) IS
'The transaction-lock key of one warehouse''s whole stock: inventory.lock_stock takes it shared, '
'inventory.lock_warehouse_stock (imports) exclusive.';
