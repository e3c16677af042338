-- api.receive_stock: stock arrives at a location without a purchase order.
CREATE OR REPLACE FUNCTION api.receive_stock(
    idempotency_key text,
    product_id uuid,
    location_id uuid,
    quantity numeric,
    batch_number text DEFAULT NULL,
    expiry_date date DEFAULT NULL,
    manufacture_date date DEFAULT NULL,
    unit_cost_minor bigint DEFAULT NULL,
    movement_type text DEFAULT 'purchase_receipt',
    currency char(3) DEFAULT NULL
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
    v_product catalog.product;
    v_location warehouse.location;
    v_batch catalog.product_batch;
    v_currency char(3);
    v_movement_id uuid := ops.uuid_v7();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.receive_stock');
    PERFORM ops.require_currency(receive_stock.currency, 'currency');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, receive_stock.idempotency_key, 'api.receive_stock',
        jsonb_build_object(
            'product_id', receive_stock.product_id, 'location_id', receive_stock.location_id,
            'quantity', trim_scale(receive_stock.quantity), 'batch_number', receive_stock.batch_number,
            'expiry_date', receive_stock.expiry_date, 'manufacture_date', receive_stock.manufacture_date,
            'unit_cost_minor', receive_stock.unit_cost_minor, 'movement_type', receive_stock.movement_type,
            'currency', receive_stock.currency
        ),
        jsonb_build_object('movement_id', v_movement_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'movement_id')::uuid;
    END IF;

    v_product := catalog.lock_product(v_tenant_id, receive_stock.product_id);
    v_location := warehouse.require_location(v_tenant_id, receive_stock.location_id);
    PERFORM catalog.check_quantity(v_product, receive_stock.quantity, 'quantity');
    IF receive_stock.movement_type IS NULL OR receive_stock.movement_type NOT IN ('purchase_receipt', 'returned') THEN
        RAISE EXCEPTION 'receive_stock takes movement_type purchase_receipt or returned'
            USING ERRCODE = '22023',
                  DETAIL = format('movement_type => %s.', ops.quoted_excerpt(receive_stock.movement_type)),
                  HINT = 'Use api.record_movement for adjustments and consumption.';
    END IF;
    IF receive_stock.batch_number IS NULL
       AND (receive_stock.expiry_date IS NOT NULL OR receive_stock.manufacture_date IS NOT NULL OR receive_stock.unit_cost_minor IS NOT NULL) THEN
        RAISE EXCEPTION 'expiry_date, manufacture_date and unit_cost_minor belong to a batch'
            USING ERRCODE = '22023',
                  DETAIL = format('batch_number => NULL, expiry_date => %s, manufacture_date => %s, unit_cost_minor => %s.',
                                  coalesce(receive_stock.expiry_date::text, 'NULL'),
                                  coalesce(receive_stock.manufacture_date::text, 'NULL'),
                                  coalesce(receive_stock.unit_cost_minor::text, 'NULL')),
                  HINT = 'Pass batch_number too.';
    END IF;
    IF receive_stock.manufacture_date > receive_stock.expiry_date THEN
        RAISE EXCEPTION 'a batch cannot expire before it was made'
            USING ERRCODE = '22023',
                  DETAIL = format('manufacture_date %s, expiry_date %s.', receive_stock.manufacture_date, receive_stock.expiry_date),
                  HINT = 'Check the dates on the label.';
    END IF;
    IF receive_stock.unit_cost_minor < 0 THEN
        RAISE EXCEPTION 'unit_cost_minor must not be negative'
            USING ERRCODE = '22023', DETAIL = format('unit_cost_minor => %s.', receive_stock.unit_cost_minor),
                  HINT = 'Pass the cost of one unit in minor units of the currency.';
    END IF;

    PERFORM inventory.lock_stock(v_tenant_id, ARRAY[v_product.id], ARRAY[v_location.warehouse_id]);

    IF receive_stock.batch_number IS NOT NULL THEN
        v_currency := coalesce(receive_stock.currency, v_product.currency);
        IF receive_stock.unit_cost_minor IS NOT NULL AND v_currency IS NULL THEN
            RAISE EXCEPTION 'unit_cost_minor needs a currency'
                USING ERRCODE = '22023',
                      DETAIL = format('Product %s has no currency of its own.', v_product.sku),
                      HINT = 'Pass currency => ''EUR'' (or the cost''s ISO 4217 code).';
        END IF;
        v_batch := catalog.find_or_create_batch(
            v_tenant_id, v_product, receive_stock.batch_number, receive_stock.manufacture_date,
            receive_stock.expiry_date, receive_stock.unit_cost_minor, v_currency
        );
    END IF;

    PERFORM inventory.post_movement(
        v_tenant_id, receive_stock.movement_type::inventory.stock_movement_type, v_product.id, v_batch.id, v_location.id,
        receive_stock.quantity, NULL, NULL, NULL, receive_stock.idempotency_key,
        v_movement_id
    );
    RETURN v_movement_id;
END
$$;

COMMENT ON FUNCTION api.receive_stock(
    text, uuid, uuid, numeric, text, date, date, bigint, text, char
) IS
'Receives quantity of a product into a location (purchase_receipt, or returned), creating the batch '
'when batch_number is new and giving a known batch without a cost the one given; returns the movement '
'id. A retry with the same idempotency_key returns the first movement. Errors: 42501 no context, 22023 '
'bad argument (a known batch with other dates or another cost or currency, a batch_number blank, with '
'blanks around it or over 100 characters too, or no room in a location with a capacity), '
'SD404 unknown product or location, SD002 key reused with other arguments.';
