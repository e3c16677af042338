-- The batch a receipt goes into: found by number, or made with its dates and cost.
CREATE OR REPLACE FUNCTION catalog.find_or_create_batch(
    tenant_id uuid,
    product catalog.product,
    batch_number text,
    manufacture_date date,
    expiry_date date,
    unit_cost_minor bigint,
    currency char(3)
)
RETURNS catalog.product_batch
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_batch catalog.product_batch;
BEGIN
    -- date takes 'infinity': a batch expiring then made report.expiring_batches
    -- fail for the whole tenant (cannot subtract infinite dates).
    IF NOT isfinite(coalesce(find_or_create_batch.expiry_date, current_date)) THEN
        RAISE EXCEPTION 'expiry_date must be a calendar date'
            USING ERRCODE = '22023', DETAIL = format('expiry_date => %s.', find_or_create_batch.expiry_date),
                  HINT = 'Leave expiry_date NULL for a batch that does not expire.';
    END IF;
    IF NOT isfinite(coalesce(find_or_create_batch.manufacture_date, current_date)) THEN
        RAISE EXCEPTION 'manufacture_date must be a calendar date'
            USING ERRCODE = '22023', DETAIL = format('manufacture_date => %s.', find_or_create_batch.manufacture_date),
                  HINT = 'Leave manufacture_date NULL when it is not known.';
    END IF;
    PERFORM ops.require_date_in_calendar(find_or_create_batch.expiry_date, 'expiry_date');
    PERFORM ops.require_date_in_calendar(find_or_create_batch.manufacture_date, 'manufacture_date');
    -- Imports trim their cells, so ' B1 ' here and B1 in a sheet were two lots;
    -- a blank one failed with a bare 23514 (product_batch_number_check).
    PERFORM ops.require_text(
        find_or_create_batch.batch_number, 'batch_number', '^[^ ](.*[^ ])?$',
        'Pass the lot''s number as its label gives it, without blanks around it.'
    );
    -- As the batch's trigger stores it (triggers/ops/nfc.sql), so that the
    -- lookup below finds the row the insert made or met, and its length is
    -- the stored one's.
    find_or_create_batch.batch_number := normalize(find_or_create_batch.batch_number, NFC);
    PERFORM ops.require_length(find_or_create_batch.batch_number, 'batch_number', 100);
    -- Another warehouse may receive the same new batch at the same moment.
    INSERT INTO catalog.product_batch (
        tenant_id, product_id, batch_number, manufacture_date, expiry_date, unit_cost_minor, currency
    )
    VALUES (
        find_or_create_batch.tenant_id, (find_or_create_batch.product).id, find_or_create_batch.batch_number,
        find_or_create_batch.manufacture_date, find_or_create_batch.expiry_date, find_or_create_batch.unit_cost_minor,
        CASE WHEN find_or_create_batch.unit_cost_minor IS NOT NULL THEN find_or_create_batch.currency END
    )
    ON CONFLICT ON CONSTRAINT product_batch_number_key DO NOTHING;
    SELECT b.* INTO v_batch
    FROM catalog.product_batch AS b
    WHERE b.tenant_id = find_or_create_batch.tenant_id AND b.product_id = (find_or_create_batch.product).id
      AND b.batch_number = find_or_create_batch.batch_number;
    IF find_or_create_batch.expiry_date IS NOT NULL AND find_or_create_batch.expiry_date IS DISTINCT FROM v_batch.expiry_date
       OR find_or_create_batch.manufacture_date IS NOT NULL
          AND find_or_create_batch.manufacture_date IS DISTINCT FROM v_batch.manufacture_date THEN
        RAISE EXCEPTION 'batch % of % has other dates', ops.printable(find_or_create_batch.batch_number), (find_or_create_batch.product).sku
            USING ERRCODE = '22023',
                  -- A date the lot lacks read as nothing ('Known: made , expires ;').
                  DETAIL = format(
                      'Known: made %s, expires %s; given: made %s, expires %s.',
                      coalesce(v_batch.manufacture_date::text, 'unknown'), coalesce(v_batch.expiry_date::text, 'never'),
                      coalesce(find_or_create_batch.manufacture_date::text, 'not given'),
                      coalesce(find_or_create_batch.expiry_date::text, 'not given')
                  ),
                  HINT = 'A batch number names one lot: check the label; if the known dates are wrong, correct '
                         'them (api.update_batch).';
    END IF;
    -- A lot is valued at one cost (report.stock_valuation, specific
    -- identification): a receipt at another cost or in another currency
    -- went in at the known one without a word, and a cost given for a lot
    -- received without one was dropped.
    IF find_or_create_batch.unit_cost_minor IS NOT NULL AND v_batch.unit_cost_minor IS NULL THEN
        -- Another warehouse's receipt may be giving the lot its cost now:
        -- the row lock lets one through, and the other compares below.
        UPDATE catalog.product_batch AS b
        SET unit_cost_minor = find_or_create_batch.unit_cost_minor, currency = find_or_create_batch.currency
        WHERE b.tenant_id = find_or_create_batch.tenant_id AND b.id = v_batch.id AND b.unit_cost_minor IS NULL;
        SELECT b.* INTO v_batch
        FROM catalog.product_batch AS b
        WHERE b.tenant_id = find_or_create_batch.tenant_id AND b.id = v_batch.id;
    END IF;
    IF find_or_create_batch.unit_cost_minor IS NOT NULL
       AND (find_or_create_batch.unit_cost_minor, find_or_create_batch.currency)
           IS DISTINCT FROM (v_batch.unit_cost_minor, v_batch.currency) THEN
        RAISE EXCEPTION 'batch % of % has another cost', ops.printable(find_or_create_batch.batch_number), (find_or_create_batch.product).sku
            USING ERRCODE = '22023',
                  DETAIL = format(
                      'Known: %s %s a unit; given: %s %s.', v_batch.unit_cost_minor, v_batch.currency,
                      find_or_create_batch.unit_cost_minor, find_or_create_batch.currency
                  ),
                  -- A purchase order's receipt takes its line's cost and no other.
                  HINT = 'A batch number names one lot at one cost: receive at the known cost (api.receive_stock '
                         'may leave unit_cost_minor out) or under another batch number, or correct the known '
                         'cost first (api.update_batch).';
    END IF;
    RETURN v_batch;
END
$$;
COMMENT ON FUNCTION catalog.find_or_create_batch(uuid, catalog.product, text, date, date, bigint, char) IS
'The product''s batch with this number, created with the given dates and cost when new, and given the '
'cost when it has none; 22023 when a known batch is given other dates, another cost or currency, a date '
'of infinity, or a batch_number that is blank, has blanks around it or is over 100 characters.';
