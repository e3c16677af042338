-- A line of a sales order that may still change (sales.lock_open_order), to
-- change or remove. The order is found from the line unlocked and the line
-- read again once the order is held, since a call holding the order may have
-- removed it meanwhile.
CREATE OR REPLACE FUNCTION sales.lock_open_line(tenant_id uuid, item_id uuid, version integer, action text)
RETURNS sales.sales_order_item
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_order_id uuid;
    v_item sales.sales_order_item;
BEGIN
    SELECT i.sales_order_id INTO v_order_id
    FROM sales.sales_order_item AS i
    WHERE i.tenant_id = lock_open_line.tenant_id AND i.id = lock_open_line.item_id;
    IF FOUND THEN
        PERFORM sales.lock_open_order(lock_open_line.tenant_id, v_order_id, lock_open_line.version, lock_open_line.action);
        SELECT i.* INTO v_item
        FROM sales.sales_order_item AS i
        WHERE i.tenant_id = lock_open_line.tenant_id AND i.id = lock_open_line.item_id
        FOR UPDATE;
    END IF;
    IF v_item.id IS NULL THEN
        RAISE EXCEPTION 'sales order line % not found', lock_open_line.item_id
            USING ERRCODE = 'SD404', DETAIL = 'No sales order line with this id belongs to the calling tenant.',
                  HINT = 'Read the lines from report.sales_order_lines (sales_order_item_id).';
    END IF;
    RETURN v_item;
END
$$;
COMMENT ON FUNCTION sales.lock_open_line(uuid, uuid, integer, text) IS
'The tenant''s sales order line, locked FOR UPDATE with its order (sales.lock_open_order: at the caller''s '
'version, an approved order sent back to pending); SD404 unknown line, 22023/SD004 missing or stale version, '
'SD003 order reserved or further on.';
