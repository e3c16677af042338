-- A line of a draft purchase order, to change or remove: its order locked at
-- the version the caller read, then the line. The order is found from the
-- line unlocked and the line read again once the order is held, since a
-- call holding the order may have removed it meanwhile.
CREATE OR REPLACE FUNCTION procurement.lock_draft_line(tenant_id uuid, item_id uuid, version integer, action text)
RETURNS procurement.purchase_order_item
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_order_id uuid;
    v_order procurement.purchase_order;
    v_item procurement.purchase_order_item;
BEGIN
    SELECT i.purchase_order_id INTO v_order_id
    FROM procurement.purchase_order_item AS i
    WHERE i.tenant_id = lock_draft_line.tenant_id AND i.id = lock_draft_line.item_id;
    IF FOUND THEN
        v_order := procurement.lock_purchase_order(lock_draft_line.tenant_id, v_order_id, lock_draft_line.version);
        IF v_order.status <> 'draft' THEN
            RAISE EXCEPTION 'purchase order % is %: lines can be % on a draft only',
                v_order.number, v_order.status, lock_draft_line.action
                USING ERRCODE = 'SD003',
                      DETAIL = format('item_id => %s is a line of purchase order %s, %s; a submitted order''s lines '
                                      'are fixed.', lock_draft_line.item_id, v_order.number, v_order.status),
                      HINT = 'Cancel the order and place a new one, or receive what comes and cancel the rest.';
        END IF;
        SELECT i.* INTO v_item
        FROM procurement.purchase_order_item AS i
        WHERE i.tenant_id = lock_draft_line.tenant_id AND i.id = lock_draft_line.item_id
        FOR UPDATE;
    END IF;
    IF v_item.id IS NULL THEN
        RAISE EXCEPTION 'purchase order line % not found', lock_draft_line.item_id
            USING ERRCODE = 'SD404', DETAIL = 'No purchase order line with this id belongs to the calling tenant.',
                  HINT = 'Read the lines from report.purchase_order_lines (purchase_order_item_id).';
    END IF;
    RETURN v_item;
END
$$;
COMMENT ON FUNCTION procurement.lock_draft_line(uuid, uuid, integer, text) IS
'The tenant''s purchase order line, locked FOR UPDATE with its order (at the caller''s version); SD404 unknown '
'line, 22023/SD004 missing or stale version, SD003 order not a draft (the message says what could not be done).';
