-- api.delete_supplier: soft delete, as api.delete_product.
CREATE OR REPLACE FUNCTION api.delete_supplier(supplier_id uuid, version integer)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_supplier procurement.supplier;
    v_order text;
    v_open bigint;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.delete_supplier');
    PERFORM ops.require_id(delete_supplier.supplier_id, 'supplier_id', 'supplier');
    -- FOR UPDATE waits for an order being made to it (which holds the supplier
    -- FOR KEY SHARE), so the check below sees that order.
    SELECT s.* INTO v_supplier
    FROM procurement.supplier AS s
    WHERE s.tenant_id = v_tenant_id AND s.id = delete_supplier.supplier_id AND s.deleted_at IS NULL
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'supplier % not found', delete_supplier.supplier_id
            USING ERRCODE = 'SD404', DETAIL = 'No live supplier with this id belongs to the calling tenant.',
                  HINT = 'Check the id; a deleted supplier stays deleted.';
    END IF;
    PERFORM ops.check_version('supplier', v_supplier.id, delete_supplier.version, v_supplier.version);
    SELECT po.number, count(*) OVER () INTO v_order, v_open
    FROM procurement.purchase_order AS po
    WHERE po.tenant_id = v_tenant_id AND po.supplier_id = v_supplier.id AND po.status IN ('draft', 'ordered', 'partial')
    ORDER BY po.number
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'supplier % has open purchase order %', v_supplier.code, v_order
            USING ERRCODE = '22023',
                  DETAIL = format('It has %s purchase order(s) draft, ordered or partly received; %s is the first.',
                                  v_open, v_order),
                  HINT = 'Receive or cancel its open purchase orders first.';
    END IF;
    UPDATE procurement.supplier AS s SET deleted_at = greatest(now(), s.updated_at)
    WHERE s.tenant_id = v_tenant_id AND s.id = v_supplier.id
    RETURNING s.version INTO v_version;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.delete_supplier(uuid, integer) IS
'Soft-deletes a supplier at the version the caller read and returns the new version: it is no longer found '
'(SD404), not proposed for reordering, its code may be used again, and its orders stay. Errors: 42501, '
'22023 no supplier_id, no version or an open (draft, ordered, partial) purchase order, SD404 '
'unknown or already deleted, '
'SD004 stale version.';
