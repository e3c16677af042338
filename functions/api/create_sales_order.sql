-- api.create_sales_order: a pending order with its lines, once per key.
CREATE OR REPLACE FUNCTION api.create_sales_order(
    idempotency_key text,
    customer_id uuid,
    lines jsonb,
    currency char(3) DEFAULT NULL,
    shipping_minor bigint DEFAULT 0,
    tax_minor bigint DEFAULT 0,
    number text DEFAULT NULL,
    shipping_address jsonb DEFAULT NULL
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
    v_order_id uuid := ops.uuid_v7();
    v_claim record;
    v_customer sales.customer;
    -- text, not char(3): 'EURO' failed its assignment with a bare 22001 before
    -- the role was checked.
    v_currency text := create_sales_order.currency;
    v_line jsonb;
    v_n integer := 0;
    v_product catalog.product;
    v_quantity numeric;
    v_price bigint;
    v_total numeric;
    v_unknown_keys text;
    -- A product_id the lookups below may cast to uuid.
    v_uuid_pattern CONSTANT text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.create_sales_order');
    PERFORM ops.require_id(create_sales_order.customer_id, 'customer_id', 'customer');
    PERFORM ops.require_shallow_json(create_sales_order.shipping_address, 'shipping_address');
    PERFORM ops.require_currency(create_sales_order.currency, 'currency');
    -- Both reached the table's CHECKs unasked, a bare 23514 with no hint.
    PERFORM ops.require_document_number(create_sales_order.number);
    PERFORM ops.require_json_object(
        create_sales_order.shipping_address, 'shipping_address',
        'Pass {"street": ..., "city": ..., ...}, or NULL for the customer''s shipping address.'
    );
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, create_sales_order.idempotency_key, 'api.create_sales_order',
        jsonb_build_object(
            'customer_id', create_sales_order.customer_id, 'lines', sales.canonical_lines(create_sales_order.lines),
            'currency', create_sales_order.currency, 'shipping_minor', create_sales_order.shipping_minor,
            'tax_minor', create_sales_order.tax_minor, 'number', create_sales_order.number,
            'shipping_address', create_sales_order.shipping_address
        ),
        jsonb_build_object('order_id', v_order_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'order_id')::uuid;
    END IF;

    SELECT c.* INTO v_customer
    FROM sales.customer AS c
    WHERE c.tenant_id = v_tenant_id AND c.id = create_sales_order.customer_id AND c.deleted_at IS NULL
    -- api.delete_customer waits for the order taken here, and one after it finds no customer.
    FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'customer % not found', create_sales_order.customer_id
            USING ERRCODE = 'SD404', DETAIL = 'No live customer with this id belongs to the calling tenant.',
                  HINT = 'Check the customer id.';
    END IF;
    -- update_customer's active flag changed nothing before.
    IF NOT v_customer.active THEN
        RAISE EXCEPTION 'customer % is inactive', v_customer.code
            USING ERRCODE = '22023',
                  DETAIL = format('customer_id => %s: customer %s is marked inactive.', v_customer.id, v_customer.code),
                  HINT = 'Reactivate the customer (api.update_customer) before taking its orders.';
    END IF;
    IF jsonb_typeof(create_sales_order.lines) IS DISTINCT FROM 'array' OR jsonb_array_length(create_sales_order.lines) = 0 THEN
        RAISE EXCEPTION 'lines must be a non-empty JSON array'
            USING ERRCODE = '22023',
                  DETAIL = format('lines => %s.', left(coalesce(create_sales_order.lines::text, 'NULL'), 200)),
                  HINT = 'Pass [{"product_id": "...", "quantity": 2, "unit_price_minor": 1999}, ...]; the price defaults to the product''s.';
    END IF;
    IF create_sales_order.shipping_minor IS NULL OR create_sales_order.shipping_minor < 0
       OR create_sales_order.tax_minor IS NULL OR create_sales_order.tax_minor < 0 THEN
        RAISE EXCEPTION 'shipping_minor and tax_minor must be zero or more'
            USING ERRCODE = '22023',
                  DETAIL = format('shipping_minor => %s, tax_minor => %s.',
                                  coalesce(create_sales_order.shipping_minor::text, 'NULL'),
                                  coalesce(create_sales_order.tax_minor::text, 'NULL')),
                  HINT = 'Pass amounts in minor units of the currency.';
    END IF;

    -- Each line's shape before anything is looked up by it: a line without a
    -- product_id was reported as the order needing a currency.
    FOR v_line IN SELECT l FROM jsonb_array_elements(create_sales_order.lines) AS l LOOP
        v_n := v_n + 1;
        IF jsonb_typeof(v_line) IS DISTINCT FROM 'object' OR v_line ->> 'product_id' IS NULL
           OR v_line ->> 'product_id' !~ v_uuid_pattern
           OR jsonb_typeof(v_line -> 'quantity') IS DISTINCT FROM 'number' THEN
            RAISE EXCEPTION 'line % needs a product_id and a numeric quantity', v_n
                USING ERRCODE = '22023', DETAIL = format('line %s: %s', v_n, left(v_line::text, 200)),
                      HINT = 'Each line is {"product_id": "<uuid>", "quantity": <number>, "unit_price_minor": <integer, optional>}.';
        END IF;
        -- A misspelt key was ignored: {"unit_price": 500} took the list price.
        SELECT string_agg(k, ', ' ORDER BY k) INTO v_unknown_keys
        FROM jsonb_object_keys(v_line) AS k
        WHERE k NOT IN ('product_id', 'quantity', 'unit_price_minor');
        IF v_unknown_keys IS NOT NULL THEN
            RAISE EXCEPTION 'line % has an unknown key: %', v_n, v_unknown_keys
                USING ERRCODE = '22023', DETAIL = format('line %s: %s', v_n, left(v_line::text, 200)),
                      HINT = 'A line takes only product_id, quantity and unit_price_minor.';
        END IF;
    END LOOP;
    v_n := 0;

    -- The lines' products, held FOR KEY SHARE in id order before the first is read:
    -- a products import changing units takes its rows FOR UPDATE in id order too
    -- (staging.check_products). Taken line by line, an order naming two of them in
    -- the other order deadlocked with it.
    PERFORM FROM catalog.product AS p
    WHERE p.tenant_id = v_tenant_id AND p.id = ANY (ARRAY(
        SELECT (l ->> 'product_id')::uuid FROM jsonb_array_elements(create_sales_order.lines) AS l
    ))
    ORDER BY p.id
    FOR KEY SHARE;

    -- The currency, when not given, is the one the products are priced in.
    -- Each line's product looked up by its key: compared as text with
    -- p.id::text, the lines' ids read every product of the tenant (44 ms an
    -- order at 100,000 products).
    -- LIMIT 1 keeps the lookup per line, where a join could be planned as a
    -- scan of the catalogue for an array the planner takes for 100 lines.
    IF v_currency IS NULL THEN
        SELECT min(c.currency) INTO v_currency
        FROM jsonb_array_elements(create_sales_order.lines) AS l
        CROSS JOIN LATERAL (
            SELECT p.currency FROM catalog.product AS p
            WHERE p.tenant_id = v_tenant_id AND p.id = (l ->> 'product_id')::uuid
            LIMIT 1
        ) AS c;
    END IF;
    IF v_currency IS NULL OR v_currency !~ '^[A-Z]{3}$' THEN
        RAISE EXCEPTION 'the order needs a currency'
            USING ERRCODE = '22023', DETAIL = 'currency => NULL, and the products name none.',
                  HINT = 'Pass currency => ''EUR'' (or the ISO 4217 code of the prices).';
    END IF;

    v_total := ops.require_amount(
        create_sales_order.shipping_minor::numeric + create_sales_order.tax_minor, 'the order total',
        format('shipping_minor => %s, tax_minor => %s', create_sales_order.shipping_minor, create_sales_order.tax_minor)
    );
    INSERT INTO sales.sales_order (
        tenant_id, id, number, customer_id, currency, shipping_minor, tax_minor, total_minor, shipping_address, created_by
    )
    VALUES (
        v_tenant_id, v_order_id,
        coalesce(create_sales_order.number, 'SO-' || upper(right(replace(v_order_id::text, '-', ''), 12))),
        v_customer.id, v_currency, create_sales_order.shipping_minor, create_sales_order.tax_minor,
        create_sales_order.shipping_minor + create_sales_order.tax_minor,
        coalesce(create_sales_order.shipping_address, v_customer.shipping_address), auth.current_user_id()
    )
    -- One message for a number taken, with the constraint the bare 23505 named
    -- (no DETAIL: row security hides the key), without a subtransaction.
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'sales order number % is already used', create_sales_order.number
            USING ERRCODE = '23505', CONSTRAINT = 'sales_order_number_key',
                  DETAIL = 'Sales order numbers are unique within a tenant.',
                  HINT = 'Pass another number, or leave it NULL to have one generated.';
    END IF;

    FOR v_line IN SELECT l FROM jsonb_array_elements(create_sales_order.lines) AS l LOOP
        v_n := v_n + 1;
        v_product := catalog.lock_product(v_tenant_id, (v_line ->> 'product_id')::uuid);
        v_quantity := catalog.check_quantity(v_product, (v_line ->> 'quantity')::numeric, format('line %s quantity', v_n));
        IF v_line ? 'unit_price_minor' THEN
            IF jsonb_typeof(v_line -> 'unit_price_minor') IS DISTINCT FROM 'number'
               OR (v_line ->> 'unit_price_minor')::numeric < 0
               OR (v_line ->> 'unit_price_minor')::numeric <> trunc((v_line ->> 'unit_price_minor')::numeric)
               OR (v_line ->> 'unit_price_minor')::numeric > 9223372036854775807 THEN
                RAISE EXCEPTION 'line % unit_price_minor must be a whole number, zero or more', v_n
                    USING ERRCODE = '22023', DETAIL = format('line %s: %s', v_n, left(v_line::text, 200)),
                          HINT = 'Prices are in minor units (cents).';
            END IF;
        END IF;
        v_price := sales.line_price(
            v_product, v_currency, (v_line ->> 'unit_price_minor')::bigint, format('line %s', v_n)
        );
        -- Each line's total, and the order's with it, fit the order's bigint columns.
        v_total := v_total + ops.require_amount(
            v_quantity * v_price, format('line %s total', v_n),
            format('line %s: quantity %s * unit_price_minor %s', v_n, v_quantity, v_price)
        );
        PERFORM ops.require_amount(
            v_total, 'the order total', format('lines 1 to %s, shipping and tax add up to %s', v_n, v_total)
        );
        INSERT INTO sales.sales_order_item (tenant_id, sales_order_id, product_id, quantity, unit_price_minor)
        VALUES (v_tenant_id, v_order_id, v_product.id, v_quantity, v_price);
    END LOOP;
    RETURN v_order_id;
END
$$;

COMMENT ON FUNCTION api.create_sales_order(text, uuid, jsonb, char, bigint, bigint, text, jsonb) IS
'Creates a pending sales order with its lines (JSON array of {product_id, quantity, unit_price_minor?}; '
'the price defaults to the product''s list price) and returns its id; a retry with the same key returns '
'the same order. Errors: 42501, 22023 no customer_id, bad lines/amounts/currency/number, a shipping_address '
'that is no object, a line or order total too large '
'or a shipping_address nested 32 levels deep or an inactive customer or a line key it does not know, '
'SD404 unknown customer or product, SD002, 23505 number already used.';
