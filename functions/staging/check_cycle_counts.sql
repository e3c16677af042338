-- Rules of a cycle-count import beyond single cells, the ones api.count_stock
-- applies: references, a count of 0 or more in the product's unit, not below
-- what is reserved there, and each balance counted once per file; and, for a
-- row that says when it was counted, a time the ledger can answer for, as
-- api.count_stock_at requires. It holds
-- the stock of the batch's warehouses, until the import's transaction ends,
-- so what is reserved cannot grow between this check and the apply.
CREATE OR REPLACE FUNCTION staging.check_cycle_counts(tenant_id uuid, batch_id uuid, mode text)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count integer;
    v_attached_from timestamptz;
BEGIN
    -- The products before the stock, as a movement and an opening-stock import
    -- take them. Taken after, a count waiting for a product whose unit a products
    -- import was changing held the warehouse meanwhile, and that import then
    -- waited for the warehouse to judge its reorder points: with a transfer
    -- holding one warehouse and waiting for the other, the three deadlocked.
    PERFORM staging.lock_named_products(check_cycle_counts.tenant_id, check_cycle_counts.batch_id, 'cycle_count_row');
    PERFORM inventory.lock_warehouse_stock(
        check_cycle_counts.tenant_id,
        staging.cycle_count_warehouses(check_cycle_counts.tenant_id, check_cycle_counts.batch_id)
    );
    -- Months before it are detached (ledger retention): no count can be taken back to them.
    v_attached_from := inventory.ledger_attached_from();
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_cycle_counts.tenant_id, check_cycle_counts.batch_id, s.row_number, e.column_name, e.value, e.reason
    FROM (
        SELECT s.*,
               min(s.row_number) OVER (PARTITION BY s.sku, s.warehouse, s.location, s.batch_number) AS first_row
        FROM staging.cycle_count_source(check_cycle_counts.tenant_id, check_cycle_counts.batch_id) AS s
    ) AS s
    CROSS JOIN LATERAL (VALUES
        -- As api.count_stock refuses them: the import posted counts of an
        -- inactive product, or at an inactive location.
        ('sku', s.sku,
         CASE WHEN s.product_id IS NULL THEN 'no live product with this SKU'
              WHEN s.product_id IN (
                  SELECT p.id FROM catalog.product AS p
                  WHERE p.tenant_id = check_cycle_counts.tenant_id AND NOT p.active
              ) THEN 'the product is inactive: reactivate it before moving its stock' END),
        ('warehouse', s.warehouse,
         CASE WHEN s.warehouse_id IS NULL THEN 'no warehouse with this code'
              WHEN s.warehouse_id IN (
                  SELECT w.id FROM warehouse.warehouse AS w
                  WHERE w.tenant_id = check_cycle_counts.tenant_id AND NOT w.active
              ) THEN 'the warehouse is inactive: reactivate it before moving stock through it' END),
        ('location', s.location,
         CASE WHEN s.warehouse_id IS NOT NULL AND s.location_id IS NULL
                  THEN format('no location with this code in warehouse %s', s.warehouse)
              WHEN s.location_id IN (
                  SELECT l.id FROM warehouse.location AS l
                  WHERE l.tenant_id = check_cycle_counts.tenant_id AND NOT l.active
              ) THEN 'the location is inactive: reactivate it before moving stock through it' END),
        ('batch_number', s.batch_number,
         CASE WHEN s.first_row <> s.row_number
                  THEN format('same product, location and batch as row %s', s.first_row)
              WHEN s.product_id IS NOT NULL AND s.batch_number IS NOT NULL AND s.lot_id IS NULL
                  THEN 'no batch with this number for the product' END),
        ('counted_quantity', trim_scale(s.counted_quantity)::text,
         CASE WHEN s.counted_quantity < 0 THEN 'must be 0 or more'
              WHEN s.counted_quantity <> round(s.counted_quantity, s.decimal_places)
                  THEN format('more decimals than the product''s unit allows (%s)', s.decimal_places)
              WHEN s.counted_at IS NULL AND s.counted_quantity < s.reserved
                  THEN format('less than the %s reserved there: release those reservations first',
                              trim_scale(s.reserved))
              -- Counted earlier: on hand becomes the count plus what moved since.
              WHEN s.counted_quantity + s.moved_since < 0
                  THEN format('with what moved there since it was counted (%s), on hand would be %s: '
                              'count it again', trim_scale(s.moved_since),
                              trim_scale(s.counted_quantity + s.moved_since))
              WHEN s.counted_quantity + s.moved_since < s.reserved
                  THEN format('with what moved there since it was counted (%s), less than the %s reserved '
                              'there: release those reservations first', trim_scale(s.moved_since),
                              trim_scale(s.reserved)) END),
        -- A time the ledger can answer for: not to come, within the months
        -- still attached, and with no adjustment since (a later count's, or
        -- one by hand, which the difference would count a second time).
        ('counted_at', s.counted_at_text,
         CASE WHEN s.counted_at_text IS NULL OR s.warehouse_id IS NULL THEN NULL
              WHEN s.counted_at IS NULL THEN 'no such day or time'
              WHEN s.counted_at > statement_timestamp() + interval '5 minutes' THEN 'in the future'
              WHEN s.counted_at < v_attached_from
                  THEN format('before %s, where the ledger''s attached months begin: count it again',
                              v_attached_from)
              WHEN s.adjusted_since IS NOT NULL
                  THEN format('an adjustment was posted there at %s, after it was counted: count it again',
                              s.adjusted_since) END)
    ) AS e (column_name, value, reason)
    WHERE e.reason IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_cycle_counts.tenant_id AND x.batch_id = check_cycle_counts.batch_id AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    -- A sheet that will be applied moves only products held since before the check.
    IF v_count = 0 THEN
        PERFORM staging.require_named_products_held(check_cycle_counts.tenant_id, check_cycle_counts.batch_id, 'cycle_count_row');
    END IF;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION staging.check_cycle_counts(uuid, uuid, text) IS
'Holds the stock of the warehouses a cycle-count batch names until the transaction ends, then records '
'its row errors (unknown product, warehouse, location or batch, an inactive product, warehouse or '
'location, bad or below-reserved count, duplicates, a counted_at that is no time, to come, before the '
'attached ledger or followed by an adjustment there) and returns how many. Errors: 55P03 when those '
'warehouses stayed busy, 40001 when a product it names was added after it took them '
'(staging.require_named_products_held).';
