-- api.create_purchase_order: a draft order to a supplier.
CREATE OR REPLACE FUNCTION api.create_purchase_order(
    supplier_id uuid,
    currency char(3),
    expected_at timestamptz DEFAULT NULL,
    number text DEFAULT NULL,
    notes text DEFAULT NULL,
    warehouse_id uuid DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_id uuid := ops.uuid_v7();
    v_supplier procurement.supplier;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.create_purchase_order');
    PERFORM ops.require_id(create_purchase_order.supplier_id, 'supplier_id', 'supplier');
    PERFORM ops.require_length(create_purchase_order.notes, 'notes', 2000);
    -- An inactive supplier is not ordered from, as an inactive product is not
    -- put on an order line; update_supplier's active flag changed nothing before.
    v_supplier := procurement.require_supplier(v_tenant_id, create_purchase_order.supplier_id);
    IF NOT v_supplier.active THEN
        RAISE EXCEPTION 'supplier % is inactive', create_purchase_order.supplier_id
            USING ERRCODE = '22023',
                  DETAIL = format('supplier_id => %s: supplier %s is marked inactive.', v_supplier.id, v_supplier.code),
                  HINT = 'Reactivate the supplier (api.update_supplier) before ordering from it.';
    END IF;
    -- Where the goods are for; an inactive warehouse takes no stock.
    IF create_purchase_order.warehouse_id IS NOT NULL THEN
        PERFORM warehouse.require_warehouse(v_tenant_id, create_purchase_order.warehouse_id);
    END IF;
    IF create_purchase_order.currency IS NULL OR create_purchase_order.currency !~ '^[A-Z]{3}$' THEN
        RAISE EXCEPTION 'currency must be an ISO 4217 code'
            USING ERRCODE = '22023', DETAIL = format('currency => %s.', ops.quoted_excerpt(create_purchase_order.currency)),
                  HINT = 'Pass three capital letters, such as ''EUR''.';
    END IF;
    PERFORM ops.require_document_number(create_purchase_order.number);
    IF NOT isfinite(coalesce(create_purchase_order.expected_at, now())) THEN
        RAISE EXCEPTION 'expected_at must be a point in time'
            USING ERRCODE = '22023', DETAIL = format('expected_at => %s.', create_purchase_order.expected_at),
                  HINT = 'Leave expected_at NULL when the delivery date is not known.';
    END IF;
    PERFORM ops.require_time_in_calendar(create_purchase_order.expected_at, 'expected_at');
    INSERT INTO procurement.purchase_order (
        tenant_id, id, number, supplier_id, currency, expected_at, notes, created_by, warehouse_id
    )
    VALUES (
        v_tenant_id, v_id,
        coalesce(create_purchase_order.number, 'PO-' || upper(right(replace(v_id::text, '-', ''), 12))),
        create_purchase_order.supplier_id, create_purchase_order.currency, create_purchase_order.expected_at,
        create_purchase_order.notes, auth.current_user_id(), create_purchase_order.warehouse_id
    )
    -- One message for a number taken, with the constraint the bare 23505 named
    -- (no DETAIL: row security hides the key), without a subtransaction.
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'purchase order number % is already used', create_purchase_order.number
            USING ERRCODE = '23505', CONSTRAINT = 'purchase_order_number_key',
                  DETAIL = 'Purchase order numbers are unique within a tenant.',
                  HINT = 'Pass another number, or leave it NULL to have one generated.';
    END IF;
    RETURN v_id;
END
$$;

COMMENT ON FUNCTION api.create_purchase_order(uuid, char, timestamptz, text, text, uuid) IS
'Creates a draft purchase order to a supplier (number generated when NULL), for the goods of warehouse_id '
'when given (receipts then go into its locations only; NULL: any warehouse), and returns its id. '
'Errors: 42501, 22023 no supplier_id, bad currency or number, an inactive supplier or warehouse, SD404 unknown '
'supplier or warehouse, 23505 number already used.';
