-- A batch of the given product, or a clear error.
CREATE OR REPLACE FUNCTION catalog.require_batch(tenant_id uuid, product_id uuid, batch_id uuid)
RETURNS catalog.product_batch
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_batch catalog.product_batch;
BEGIN
    SELECT b.* INTO v_batch
    FROM catalog.product_batch AS b
    WHERE b.tenant_id = require_batch.tenant_id AND b.id = require_batch.batch_id;
    IF NOT FOUND OR v_batch.product_id <> require_batch.product_id THEN
        RAISE EXCEPTION 'batch % not found for product %', require_batch.batch_id, require_batch.product_id
            USING ERRCODE = 'SD404',
                  DETAIL = 'No batch with this id belongs to this product of the calling tenant.',
                  HINT = 'Check the batch id, or leave batch_id NULL to let stockdb choose.';
    END IF;
    RETURN v_batch;
END
$$;
COMMENT ON FUNCTION catalog.require_batch(uuid, uuid, uuid) IS
'The tenant''s batch with this id, of this product; SD404 otherwise.';
