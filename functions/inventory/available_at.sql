-- What can still be taken from one balance row (0 when there is none).
CREATE OR REPLACE FUNCTION inventory.available_at(tenant_id uuid, product_id uuid, batch_id uuid, location_id uuid)
RETURNS numeric
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (
    SELECT coalesce(sum(i.available), 0)
    FROM inventory.inventory AS i
    WHERE i.tenant_id = available_at.tenant_id
      AND i.product_id = available_at.product_id
      AND i.location_id = available_at.location_id
      AND (i.batch_id = available_at.batch_id OR i.batch_id IS NULL AND available_at.batch_id IS NULL)
      AND i.deleted_at IS NULL
    );
END
$$;
COMMENT ON FUNCTION inventory.available_at(uuid, uuid, uuid, uuid) IS
'Available quantity of one product batch at one location; 0 when no balance row exists.';
