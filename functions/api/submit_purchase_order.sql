-- api.submit_purchase_order: the draft goes to the supplier.
CREATE OR REPLACE FUNCTION api.submit_purchase_order(
    order_id uuid,
    version integer,
    expected_at timestamptz DEFAULT NULL
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
    v_ordered_at timestamptz;
    v_expected_at timestamptz;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.submit_purchase_order');
    PERFORM ops.require_id(submit_purchase_order.order_id, 'order_id', 'purchase order');
    IF NOT isfinite(coalesce(submit_purchase_order.expected_at, now())) THEN
        RAISE EXCEPTION 'expected_at must be a point in time'
            USING ERRCODE = '22023', DETAIL = format('expected_at => %s.', submit_purchase_order.expected_at),
                  HINT = 'Pass when the supplier expects to deliver, or NULL to keep the draft''s date.';
    END IF;
    PERFORM ops.require_time_in_calendar(submit_purchase_order.expected_at, 'expected_at');
    v_order := procurement.lock_purchase_order(v_tenant_id, submit_purchase_order.order_id, submit_purchase_order.version);
    IF v_order.status <> 'draft' THEN
        RAISE EXCEPTION 'purchase_order % cannot go from % to ordered', v_order.id, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'Only a draft can be submitted.',
                  HINT = 'Check the order''s current status.';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM procurement.purchase_order_item AS i
        WHERE i.tenant_id = v_tenant_id AND i.purchase_order_id = v_order.id
    ) THEN
        RAISE EXCEPTION 'purchase order % has no lines', v_order.number
            USING ERRCODE = '22023',
                  DETAIL = format('order_id => %s: purchase order %s is a draft without lines.', v_order.id, v_order.number),
                  HINT = 'Add lines with api.add_purchase_order_item first.';
    END IF;
    -- Not before the draft was made, which a transaction older than it sees too.
    v_ordered_at := greatest(now(), v_order.created_at);
    v_expected_at := coalesce(submit_purchase_order.expected_at, v_order.expected_at);
    -- purchase_order_expected_at_check would refuse it with a bare 23514; a
    -- draft that waited past its date (or was imported as expected today, at
    -- midnight) is given a new one here.
    IF v_expected_at < v_ordered_at THEN
        RAISE EXCEPTION 'expected_at is before the order is placed'
            USING ERRCODE = '22023',
                  DETAIL = CASE
                      WHEN submit_purchase_order.expected_at IS NULL
                          THEN format('Purchase order %s expects delivery at %s; it is placed at %s.',
                                      v_order.number, v_expected_at, v_ordered_at)
                      ELSE format('expected_at => %s; purchase order %s is placed at %s.',
                                  v_expected_at, v_order.number, v_ordered_at)
                  END,
                  HINT = 'Pass expected_at => when the supplier now expects to deliver.';
    END IF;
    UPDATE procurement.purchase_order AS po
    SET status = 'ordered', ordered_at = v_ordered_at, expected_at = v_expected_at
    WHERE po.tenant_id = v_tenant_id AND po.id = v_order.id
    RETURNING po.version INTO v_version;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.submit_purchase_order(uuid, integer, timestamptz) IS
'Moves a draft purchase order to ordered (ordered_at = now, never before the draft was made) and returns '
'its new version; expected_at, when given, replaces the draft''s expected delivery. Errors: 42501, '
'22023 no order_id, no lines, no version, or an expected delivery before the order is placed, SD404, SD004 stale '
'version, SD003 not a draft.';
