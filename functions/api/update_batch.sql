-- api.update_batch: correct a lot's dates or cost. The first receipt of a
-- batch number fixes them, and a later receipt with the label's true dates
-- or the invoice's cost is refused, so without this a misread expiry or a
-- mistyped cost stayed wrong for the lot's life.
CREATE OR REPLACE FUNCTION api.update_batch(
    batch_id uuid,
    version integer,
    expiry_date date DEFAULT NULL,
    manufacture_date date DEFAULT NULL,
    clear text[] DEFAULT NULL,
    unit_cost_minor bigint DEFAULT NULL,
    currency char(3) DEFAULT NULL
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
    v_batch catalog.product_batch;
    v_version integer;
    v_warehouse_ids uuid[];
    v_expiry date;
    v_made date;
    v_cost bigint;
    v_currency text;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_batch');
    PERFORM ops.require_id(update_batch.batch_id, 'batch_id', 'batch');
    PERFORM ops.require_currency(update_batch.currency, 'currency');
    PERFORM ops.require_clearable(
        update_batch.clear, ARRAY['expiry_date', 'manufacture_date', 'unit_cost_minor', 'currency'],
        jsonb_build_object(
            'expiry_date', update_batch.expiry_date, 'manufacture_date', update_batch.manufacture_date,
            'unit_cost_minor', update_batch.unit_cost_minor, 'currency', update_batch.currency
        )
    );
    -- Its expiry alerts are judged again below, under the product's stock
    -- lock, as a movement judges them: in every warehouse of the tenant, so
    -- none can take in stock of the batch meanwhile.
    v_batch := catalog.lock_batch(v_tenant_id, update_batch.batch_id, update_batch.version);
    v_warehouse_ids := ARRAY(
        SELECT w.id FROM warehouse.warehouse AS w WHERE w.tenant_id = v_tenant_id
    );
    IF NOT isfinite(coalesce(update_batch.expiry_date, current_date))
       OR NOT isfinite(coalesce(update_batch.manufacture_date, current_date)) THEN
        RAISE EXCEPTION 'expiry_date and manufacture_date must be calendar dates'
            USING ERRCODE = '22023',
                  DETAIL = format('expiry_date => %s, manufacture_date => %s.',
                                  coalesce(update_batch.expiry_date::text, 'NULL'),
                                  coalesce(update_batch.manufacture_date::text, 'NULL')),
                  HINT = 'Pass the dates on the label; NULL keeps a date.';
    END IF;
    PERFORM ops.require_date_in_calendar(update_batch.expiry_date, 'expiry_date');
    PERFORM ops.require_date_in_calendar(update_batch.manufacture_date, 'manufacture_date');
    v_expiry := ops.kept_or_cleared(update_batch.expiry_date, v_batch.expiry_date, 'expiry_date' = ANY (update_batch.clear));
    v_made := ops.kept_or_cleared(
        update_batch.manufacture_date, v_batch.manufacture_date, 'manufacture_date' = ANY (update_batch.clear)
    );
    IF v_made > v_expiry THEN
        RAISE EXCEPTION 'a batch cannot expire before it was made'
            USING ERRCODE = '22023',
                  DETAIL = format('It would be made %s and expire %s.', v_made, v_expiry),
                  HINT = 'Check the dates on the label.';
    END IF;
    -- A cost is whole or absent, as the table holds it (product_batch_cost_check).
    v_cost := ops.kept_or_cleared(
        update_batch.unit_cost_minor, v_batch.unit_cost_minor, 'unit_cost_minor' = ANY (update_batch.clear)
    );
    v_currency := ops.kept_or_cleared(
        update_batch.currency::text, v_batch.currency::text, 'currency' = ANY (update_batch.clear)
    );
    PERFORM ops.require_whole_amount(
        v_cost, v_currency, 'cost', 'unit_cost_minor',
        format('unit_cost_minor => %s, currency => %s, clear => %s',
               coalesce(update_batch.unit_cost_minor::text, 'NULL'), ops.quoted_excerpt(update_batch.currency),
               coalesce(update_batch.clear::text, 'NULL'))
    );
    UPDATE catalog.product_batch AS b
    SET expiry_date = v_expiry, manufacture_date = v_made, unit_cost_minor = v_cost, currency = v_currency
    WHERE b.tenant_id = v_tenant_id AND b.id = v_batch.id
    RETURNING b.version INTO v_version;
    -- Stock past its new expiry date is no longer sellable, or is again.
    PERFORM inventory.judge_product_stock_alerts(v_tenant_id, v_batch.product_id);
    IF cardinality(v_warehouse_ids) > 0 THEN
        PERFORM inventory.judge_batch_expiry(v_tenant_id, v_batch.id, v_warehouse_ids);
    END IF;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.update_batch(uuid, integer, date, date, text[], bigint, char) IS
'Corrects a batch''s expiry and manufacture dates and its unit cost with its currency (NULL keeps a '
'field; clear names those to empty: expiry_date, manufacture_date, unit_cost_minor and currency together) '
'at the version the caller read and returns the new version; allocation (FEFO) and expiry alerts follow '
'the new dates at once, report.stock_valuation the new cost, and reservations already made keep their '
'batches. Errors: 42501, 22023 no batch_id, no version, an infinite date, made after it expires, a cost '
'without its currency or a negative one, a currency that is not an ISO 4217 code, a field clear cannot '
'empty or that is also given, SD404 unknown batch, SD004 stale version.';
