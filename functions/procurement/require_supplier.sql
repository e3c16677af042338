-- A live supplier of the tenant, or a clear error.
CREATE OR REPLACE FUNCTION procurement.require_supplier(tenant_id uuid, supplier_id uuid)
RETURNS procurement.supplier
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_supplier procurement.supplier;
BEGIN
    SELECT s.* INTO v_supplier
    FROM procurement.supplier AS s
    WHERE s.tenant_id = require_supplier.tenant_id AND s.id = require_supplier.supplier_id
      AND s.deleted_at IS NULL
    FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'supplier % not found', require_supplier.supplier_id
            USING ERRCODE = 'SD404', DETAIL = 'No live supplier with this id belongs to the calling tenant.',
                  HINT = 'Check the supplier id, or create the supplier first (api.create_supplier).';
    END IF;
    RETURN v_supplier;
END
$$;
COMMENT ON FUNCTION procurement.require_supplier(uuid, uuid) IS
'The tenant''s live (not deleted) supplier with this id, its row held FOR KEY SHARE (api.delete_supplier '
'waits for the order being made to it); SD404 otherwise.';
