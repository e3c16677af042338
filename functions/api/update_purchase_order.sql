-- api.update_purchase_order: the supplier's new delivery date, or the order's notes.
CREATE OR REPLACE FUNCTION api.update_purchase_order(
    order_id uuid,
    version integer,
    expected_at timestamptz DEFAULT NULL,
    notes text DEFAULT NULL,
    clear text[] DEFAULT NULL,
    warehouse_id uuid DEFAULT NULL
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
    v_order procurement.purchase_order;
    v_new procurement.purchase_order;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_purchase_order');
    PERFORM ops.require_id(update_purchase_order.order_id, 'order_id', 'purchase order');
    PERFORM ops.require_clearable(
        update_purchase_order.clear, ARRAY['expected_at', 'notes', 'warehouse_id'],
        jsonb_build_object(
            'expected_at', update_purchase_order.expected_at, 'notes', update_purchase_order.notes,
            'warehouse_id', update_purchase_order.warehouse_id
        )
    );
    -- The goods not yet received go there; an inactive warehouse takes no stock.
    IF update_purchase_order.warehouse_id IS NOT NULL THEN
        PERFORM warehouse.require_warehouse(v_tenant_id, update_purchase_order.warehouse_id);
    END IF;
    IF NOT isfinite(coalesce(update_purchase_order.expected_at, now())) THEN
        RAISE EXCEPTION 'expected_at must be a point in time'
            USING ERRCODE = '22023', DETAIL = format('expected_at => %s.', update_purchase_order.expected_at),
                  HINT = 'Pass when the supplier now expects to deliver, or clear => ''{expected_at}'' for no date.';
    END IF;
    PERFORM ops.require_time_in_calendar(update_purchase_order.expected_at, 'expected_at');
    PERFORM ops.require_length(update_purchase_order.notes, 'notes', 2000);
    v_order := procurement.lock_purchase_order(v_tenant_id, update_purchase_order.order_id, update_purchase_order.version);
    IF v_order.status NOT IN ('draft', 'ordered', 'partial') THEN
        RAISE EXCEPTION 'purchase order % is %: it can be changed until it is received or cancelled only',
            v_order.number, v_order.status
            USING ERRCODE = 'SD003',
                  DETAIL = format('order_id => %s: purchase order %s is %s.', v_order.id, v_order.number, v_order.status),
                  HINT = 'Check the order''s current status (report.purchase_order_status).';
    END IF;
    -- purchase_order_expected_at_check would refuse it with a bare 23514.
    IF update_purchase_order.expected_at < v_order.ordered_at THEN
        RAISE EXCEPTION 'expected_at is before the order is placed'
            USING ERRCODE = '22023',
                  DETAIL = format('expected_at => %s; purchase order %s was placed at %s.',
                                  update_purchase_order.expected_at, v_order.number, v_order.ordered_at),
                  HINT = 'Pass when the supplier now expects to deliver.';
    END IF;
    v_new.expected_at := ops.kept_or_cleared(
        update_purchase_order.expected_at, v_order.expected_at, 'expected_at' = ANY (update_purchase_order.clear)
    );
    v_new.notes := ops.kept_or_cleared(
        update_purchase_order.notes, v_order.notes, 'notes' = ANY (update_purchase_order.clear)
    );
    v_new.warehouse_id := ops.kept_or_cleared(
        update_purchase_order.warehouse_id, v_order.warehouse_id, 'warehouse_id' = ANY (update_purchase_order.clear)
    );
    -- A change of nothing (a form saved as it was read) is no new version:
    -- another editor holding this one would be refused for a change that never was.
    IF (v_new.expected_at, v_new.notes, v_new.warehouse_id)
       IS NOT DISTINCT FROM (v_order.expected_at, v_order.notes, v_order.warehouse_id) THEN
        RETURN v_order.version;
    END IF;
    UPDATE procurement.purchase_order AS po
    SET expected_at = v_new.expected_at, notes = v_new.notes, warehouse_id = v_new.warehouse_id
    WHERE po.tenant_id = v_tenant_id AND po.id = v_order.id
    RETURNING po.version INTO v_version;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.update_purchase_order(uuid, integer, timestamptz, text, text[], uuid) IS
'Changes a purchase order''s expected delivery, notes or the warehouse its goods are for (NULL keeps one; '
'clear names those to empty: expected_at, notes, warehouse_id) while it is a draft, ordered or partially '
'received, and returns its new version (the one passed when nothing changes): '
'the date a supplier gives when a delivery slips, so report.purchase_order_status says overdue only past '
'it. Errors: 42501, 22023 no order_id, no version, an expected_at that is not a point in time or is before the order '
'was placed, an inactive warehouse, or a field clear cannot empty or that is also given, SD404 unknown order '
'or warehouse, SD004 stale version, SD003 received or cancelled.';
