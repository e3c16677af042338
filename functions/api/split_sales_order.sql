-- api.split_sales_order: lines, or parts of them, move to a new order (a
-- backorder), so what is in stock can be reserved and shipped now.
CREATE OR REPLACE FUNCTION api.split_sales_order(
    idempotency_key text,
    order_id uuid,
    version integer,
    lines jsonb,
    number text DEFAULT NULL
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
    v_claim record;
    v_order sales.sales_order;
    v_new_id uuid := ops.uuid_v7();
    v_number text;
    v_line jsonb;
    v_item sales.sales_order_item;
    v_quantity numeric;
    v_product catalog.product;
    v_problem text;
    v_uuid_pattern CONSTANT text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.split_sales_order');
    PERFORM ops.require_id(split_sales_order.order_id, 'order_id', 'sales order');
    -- It reached the table's CHECK unasked, a bare 23514 with no hint.
    PERFORM ops.require_document_number(split_sales_order.number);
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, split_sales_order.idempotency_key, 'api.split_sales_order',
        jsonb_build_object(
            'order_id', split_sales_order.order_id, 'version', split_sales_order.version,
            'lines', sales.canonical_lines(split_sales_order.lines), 'number', split_sales_order.number
        ),
        jsonb_build_object('order_id', v_new_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'order_id')::uuid;
    END IF;

    v_order := sales.lock_sales_order(v_tenant_id, split_sales_order.order_id, split_sales_order.version);
    IF v_order.status NOT IN ('pending', 'approved') THEN
        RAISE EXCEPTION 'sales order % is %: it can be split while it is pending or approved only',
            v_order.number, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'Once reserved, an order ships as it was approved.',
                  HINT = 'Give a reserved order''s stock back first (api.unreserve_sales_order).';
    END IF;
    -- The shape of lines, once the order is known to be the caller's.
    IF jsonb_typeof(split_sales_order.lines) IS DISTINCT FROM 'array' OR jsonb_array_length(split_sales_order.lines) = 0 THEN
        v_problem := 'lines must be a non-empty JSON array';
    ELSE
        SELECT format('line %s: %s', l.n, left(l.line::text, 200)) INTO v_problem
        FROM jsonb_array_elements(split_sales_order.lines) WITH ORDINALITY AS l (line, n)
        -- CASE, so the keys of a line that is no object are never asked for.
        WHERE CASE
            WHEN jsonb_typeof(l.line) IS DISTINCT FROM 'object' THEN TRUE
            ELSE coalesce(l.line ->> 'item_id', '') !~ v_uuid_pattern
                OR (l.line ? 'quantity' AND jsonb_typeof(l.line -> 'quantity') IS DISTINCT FROM 'number')
                OR EXISTS (SELECT FROM jsonb_object_keys(l.line) AS k WHERE k NOT IN ('item_id', 'quantity'))
        END
        ORDER BY l.n
        LIMIT 1;
        IF v_problem IS NULL THEN
            SELECT format('item %s is named twice', l.line ->> 'item_id') INTO v_problem
            FROM jsonb_array_elements(split_sales_order.lines) AS l (line)
            GROUP BY l.line ->> 'item_id'
            HAVING count(*) > 1
            LIMIT 1;
        END IF;
    END IF;
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION 'lines must name each line to move once: {"item_id": ..., "quantity": ...}'
            USING ERRCODE = '22023', DETAIL = v_problem,
                  HINT = 'quantity (optional) is how much of the line moves; without it the whole line does.';
    END IF;

    v_number := coalesce(split_sales_order.number, 'SO-' || upper(right(replace(v_new_id::text, '-', ''), 12)));
    -- Approved stays approved: a split takes nothing new from the customer.
    INSERT INTO sales.sales_order (
        tenant_id, id, number, customer_id, status, currency, shipping_address, approved_at, created_by,
        split_from_id
    )
    VALUES (
        v_tenant_id, v_new_id, v_number, v_order.customer_id, v_order.status, v_order.currency,
        v_order.shipping_address, CASE WHEN v_order.status = 'approved' THEN now() END, auth.current_user_id(),
        v_order.id
    )
    -- One message for a number taken, with the constraint the bare 23505 named
    -- (no DETAIL: row security hides the key), without a subtransaction.
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'sales order number % is already used', v_number
            USING ERRCODE = '23505', CONSTRAINT = 'sales_order_number_key',
                  DETAIL = 'Sales order numbers are unique within a tenant.',
                  HINT = 'Pass another number, or leave it NULL to have one generated.';
    END IF;

    -- Every change of an order's lines holds the order first, so the lines
    -- read here stay as they are.
    FOR v_line IN
        SELECT l.line FROM jsonb_array_elements(split_sales_order.lines) AS l (line)
        ORDER BY l.line ->> 'item_id'
    LOOP
        SELECT i.* INTO v_item
        FROM sales.sales_order_item AS i
        WHERE i.tenant_id = v_tenant_id AND i.id = (v_line ->> 'item_id')::uuid AND i.sales_order_id = v_order.id
        FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'sales order % has no line %', v_order.number, v_line ->> 'item_id'
                USING ERRCODE = 'SD404',
                      DETAIL = format('No line of sales order %s has the id %s.', v_order.number, v_line ->> 'item_id'),
                      HINT = 'report.sales_order_lines lists an order''s lines (sales_order_item_id).';
        END IF;
        v_quantity := coalesce((v_line ->> 'quantity')::numeric, v_item.quantity);
        IF v_quantity = v_item.quantity THEN
            UPDATE sales.sales_order_item AS i SET sales_order_id = v_new_id
            WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id;
        ELSE
            -- An inactive product's line too, as a whole line moves.
            v_product := catalog.lock_sold_product(v_tenant_id, v_item.product_id);
            PERFORM catalog.check_quantity(v_product, v_quantity, 'quantity');
            IF v_quantity > v_item.quantity THEN
                RAISE EXCEPTION 'sales order line % has % to move, not %', v_item.id,
                    trim_scale(v_item.quantity), trim_scale(v_quantity)
                    USING ERRCODE = '22023',
                          DETAIL = format('The line of %s %s on sales order %s; quantity => %s.',
                                          trim_scale(v_item.quantity), v_product.sku, v_order.number,
                                          trim_scale(v_quantity)),
                          HINT = 'Move at most the line''s quantity.';
            END IF;
            UPDATE sales.sales_order_item AS i SET quantity = i.quantity - v_quantity
            WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id;
            INSERT INTO sales.sales_order_item (tenant_id, sales_order_id, product_id, quantity, unit_price_minor)
            VALUES (v_tenant_id, v_new_id, v_item.product_id, v_quantity, v_item.unit_price_minor);
        END IF;
    END LOOP;
    IF NOT EXISTS (
        SELECT FROM sales.sales_order_item AS i WHERE i.tenant_id = v_tenant_id AND i.sales_order_id = v_order.id
    ) THEN
        RAISE EXCEPTION 'the split would leave sales order % without lines', v_order.number
            USING ERRCODE = '22023',
                  DETAIL = format('lines => %s names all of the order''s lines, whole.', left(split_sales_order.lines::text, 200)),
                  HINT = 'Leave a line, or part of one, on the order; or change its lines instead.';
    END IF;
    PERFORM inventory.finish_request(v_tenant_id, v_claim.request_id, jsonb_build_object('order_id', v_new_id));
    RETURN v_new_id;
END
$$;

COMMENT ON FUNCTION api.split_sales_order(text, uuid, integer, jsonb, text) IS
'Moves lines of a pending or approved sales order, or parts of them (lines: [{item_id, quantity?}], '
'without quantity the whole line), to a new order of the same customer, currency, address and status (a '
'backorder whose split_from_id names the original; shipping and tax stay on the original), and returns '
'the new order''s id; a retry with the same key returns it again. Errors: 42501, 22023 no order_id, '
'malformed lines or number, a bad quantity or more than a line has, no version, or nothing left on the '
'original, SD404 unknown order or a line not on it, SD004 stale version, SD003 order reserved or further '
'on, SD002, 23505 number taken.';
