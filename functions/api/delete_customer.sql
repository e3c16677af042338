-- api.delete_customer: soft delete, as api.delete_product.
CREATE OR REPLACE FUNCTION api.delete_customer(customer_id uuid, version integer)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_customer sales.customer;
    v_order text;
    v_open bigint;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.delete_customer');
    PERFORM ops.require_id(delete_customer.customer_id, 'customer_id', 'customer');
    -- FOR UPDATE waits for an order being taken from it (which holds the
    -- customer FOR KEY SHARE), so the check below sees that order.
    SELECT c.* INTO v_customer
    FROM sales.customer AS c
    WHERE c.tenant_id = v_tenant_id AND c.id = delete_customer.customer_id AND c.deleted_at IS NULL
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'customer % not found', delete_customer.customer_id
            USING ERRCODE = 'SD404', DETAIL = 'No live customer with this id belongs to the calling tenant.',
                  HINT = 'Check the id; a deleted customer stays deleted.';
    END IF;
    PERFORM ops.check_version('customer', v_customer.id, delete_customer.version, v_customer.version);
    -- A shipped order needs nothing more of its customer (its delivery, or
    -- none if the parcel is lost, only closes it), so it does not hold this up.
    SELECT so.number, count(*) OVER () INTO v_order, v_open
    FROM sales.sales_order AS so
    WHERE so.tenant_id = v_tenant_id AND so.customer_id = v_customer.id
      AND so.status IN ('pending', 'approved', 'processing')
    ORDER BY so.number
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'customer % has open sales order %', v_customer.code, v_order
            USING ERRCODE = '22023',
                  DETAIL = format('It has %s sales order(s) pending, approved or processing; %s is the first.',
                                  v_open, v_order),
                  HINT = 'Ship or cancel its open sales orders first.';
    END IF;
    UPDATE sales.customer AS c SET deleted_at = greatest(now(), c.updated_at)
    WHERE c.tenant_id = v_tenant_id AND c.id = v_customer.id
    RETURNING c.version INTO v_version;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.delete_customer(uuid, integer) IS
'Soft-deletes a customer at the version the caller read and returns the new version: it is no longer found '
'(SD404), its code may be used again, and its orders stay. Errors: 42501, 22023 no customer_id, no version or an open '
'(pending, approved, processing) sales order, SD404 unknown or already deleted, SD004 stale version.';
