-- api.update_sales_order: where the order goes, and its shipping and tax, before it ships.
CREATE OR REPLACE FUNCTION api.update_sales_order(
    order_id uuid,
    version integer,
    shipping_address jsonb DEFAULT NULL,
    shipping_minor bigint DEFAULT NULL,
    tax_minor bigint DEFAULT NULL
)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_order sales.sales_order;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_sales_order');
    PERFORM ops.require_id(update_sales_order.order_id, 'order_id', 'sales order');
    PERFORM ops.require_shallow_json(update_sales_order.shipping_address, 'shipping_address');
    PERFORM ops.require_json_object(
        update_sales_order.shipping_address, 'shipping_address',
        'Pass {"street": ..., "city": ..., ...}, or NULL to keep the address.'
    );
    IF update_sales_order.shipping_minor < 0 OR update_sales_order.tax_minor < 0 THEN
        RAISE EXCEPTION 'shipping_minor and tax_minor must be zero or more'
            USING ERRCODE = '22023',
                  DETAIL = format('shipping_minor => %s, tax_minor => %s.',
                                  coalesce(update_sales_order.shipping_minor::text, 'NULL'),
                                  coalesce(update_sales_order.tax_minor::text, 'NULL')),
                  HINT = 'Pass amounts in minor units of the currency, or NULL to keep one.';
    END IF;
    v_order := sales.lock_sales_order(v_tenant_id, update_sales_order.order_id, update_sales_order.version);
    IF coalesce(update_sales_order.shipping_minor <> v_order.shipping_minor, FALSE)
       OR coalesce(update_sales_order.tax_minor <> v_order.tax_minor, FALSE) THEN
        -- What the customer pays changes: as a change of its lines, only before
        -- the order is reserved, and an approved one is approved again.
        v_order := sales.lock_open_order(
            v_tenant_id, v_order.id, update_sales_order.version, 'its shipping and tax can be changed'
        );
    ELSIF v_order.status NOT IN ('pending', 'approved', 'processing') THEN
        -- The shipment took the address when the order shipped.
        RAISE EXCEPTION 'sales order % is %: it can be changed until it ships only', v_order.number, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'Its shipment took the shipping address when it left.',
                  HINT = 'Check the order''s current status (report.sales_order_fulfilment).';
    END IF;
    PERFORM ops.require_amount(
        v_order.subtotal_minor::numeric + coalesce(update_sales_order.shipping_minor, v_order.shipping_minor)
        + coalesce(update_sales_order.tax_minor, v_order.tax_minor),
        'the order total',
        format('subtotal %s, shipping_minor %s, tax_minor %s', v_order.subtotal_minor,
               coalesce(update_sales_order.shipping_minor, v_order.shipping_minor),
               coalesce(update_sales_order.tax_minor, v_order.tax_minor))
    );
    -- A change of nothing (a form saved as it was read) is no new version:
    -- another editor holding this one would be refused for a change that never was.
    IF (v_order.shipping_address, v_order.shipping_minor, v_order.tax_minor) IS NOT DISTINCT FROM (
        coalesce(update_sales_order.shipping_address, v_order.shipping_address),
        coalesce(update_sales_order.shipping_minor, v_order.shipping_minor),
        coalesce(update_sales_order.tax_minor, v_order.tax_minor)
    ) THEN
        RETURN v_order.version;
    END IF;
    UPDATE sales.sales_order AS so
    SET shipping_address = coalesce(update_sales_order.shipping_address, so.shipping_address),
        shipping_minor = coalesce(update_sales_order.shipping_minor, so.shipping_minor),
        tax_minor = coalesce(update_sales_order.tax_minor, so.tax_minor),
        total_minor = so.subtotal_minor + coalesce(update_sales_order.shipping_minor, so.shipping_minor)
        + coalesce(update_sales_order.tax_minor, so.tax_minor)
    WHERE so.tenant_id = v_tenant_id AND so.id = v_order.id
    RETURNING so.version INTO v_version;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.update_sales_order(uuid, integer, jsonb, bigint, bigint) IS
'Changes a sales order''s shipping_address, shipping_minor or tax_minor (NULL keeps one; the total follows) '
'and returns its new version (the one passed when nothing changes). The address can change until the order '
'ships; shipping and tax only before it '
'is reserved, and an approved order whose amounts change goes back to pending, to be approved again. '
'Errors: 42501, 22023 no order_id, no version, a negative amount, a total too large or an address that is not a JSON '
'object, SD404 unknown order, SD004 stale version, SD003 shipped or further on, or amounts of a reserved order.';
