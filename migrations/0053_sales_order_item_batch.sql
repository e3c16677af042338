-- depends: 0052_purchase_order_warehouse
-- What each sales order line shipped per batch, and how much of it came
-- back, kept in one row whose CHECK holds returns to what shipped.
-- api.return_sales_order_item summed the line's earlier returns from the
-- ledger, and ledger retention detaches old months: a return whose month
-- was detached was forgotten, so the line could take back again what had
-- already come back. Triggers keep the row from now on
-- (triggers/logistics/shipment_item_line_batch.sql for what ships,
-- triggers/inventory/stock_movement_sales_return.sql for what returns,
-- made by this same migrate); this fills it from what is already there.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '30min';

CREATE TABLE sales.sales_order_item_batch (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    sales_order_item_id uuid NOT NULL,
    batch_id uuid,
    quantity_shipped numeric(14, 3) NOT NULL,
    quantity_returned numeric(14, 3) NOT NULL DEFAULT 0,
    CONSTRAINT sales_order_item_batch_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT sales_order_item_batch_key UNIQUE NULLS NOT DISTINCT (tenant_id, sales_order_item_id, batch_id),
    CONSTRAINT sales_order_item_batch_item_fkey FOREIGN KEY (tenant_id, sales_order_item_id)
    REFERENCES sales.sales_order_item (tenant_id, id),
    CONSTRAINT sales_order_item_batch_batch_fkey FOREIGN KEY (tenant_id, batch_id)
    REFERENCES catalog.product_batch (tenant_id, id),
    CONSTRAINT sales_order_item_batch_shipped_check CHECK (quantity_shipped > 0),
    CONSTRAINT sales_order_item_batch_returned_check CHECK (
        quantity_returned >= 0 AND quantity_returned <= quantity_shipped
    )
);
COMMENT ON TABLE sales.sales_order_item_batch IS
'Per sales order line and batch (NULL: shipped without one): the units shipped and the units returned '
'(api.return_sales_order_item), never more than shipped. Kept by triggers on logistics.shipment_item and '
'on the ledger; ledger retention does not touch it.';
COMMENT ON COLUMN sales.sales_order_item_batch.quantity_returned IS
'The returned movements that reference the line, in this batch, including those in detached ledger months.';

-- For the foreign key's check when a batch goes.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX sales_order_item_batch_batch_idx ON sales.sales_order_item_batch (tenant_id, batch_id)
WHERE batch_id IS NOT NULL;

INSERT INTO sales.sales_order_item_batch (tenant_id, sales_order_item_id, batch_id, quantity_shipped)
SELECT
    si.tenant_id,
    si.sales_order_item_id,
    si.batch_id,
    sum(si.quantity) AS quantity_shipped
FROM logistics.shipment_item AS si
WHERE si.sales_order_item_id IS NOT NULL
GROUP BY si.tenant_id, si.sales_order_item_id, si.batch_id;

-- The returns: in the attached ledger and in each detached month still there.
-- A month dropped since it was detached is gone, and its returns with it.
DO $$
DECLARE
    v_sources text := 'SELECT tenant_id, reference_id, batch_id, quantity FROM inventory.stock_movement '
                      'WHERE reference_type = ''sales_order_item'' AND movement_type = ''returned''';
    v_month record;
    v_over record;
BEGIN
    FOR v_month IN
        SELECT d.table_name FROM ops.detached_ledger_month AS d
        WHERE to_regclass(d.table_name) IS NOT NULL
    LOOP
        v_sources := v_sources || format(
            ' UNION ALL SELECT tenant_id, reference_id, batch_id, quantity FROM %s '
            'WHERE reference_type = ''sales_order_item'' AND movement_type = ''returned''',
            v_month.table_name
        );
    END LOOP;
    EXECUTE 'CREATE TEMPORARY TABLE returned_so_far ON COMMIT DROP AS '
            'SELECT tenant_id, reference_id, batch_id, sum(quantity) AS quantity FROM (' || v_sources || ') AS r '
            'GROUP BY tenant_id, reference_id, batch_id';
    -- Returns beyond what shipped could only be taken while a month's
    -- returns were forgotten: the row says none is left, and the ledger
    -- keeps what happened.
    FOR v_over IN
        SELECT r.tenant_id, r.reference_id, r.batch_id, r.quantity, b.quantity_shipped
        FROM returned_so_far AS r
        JOIN sales.sales_order_item_batch AS b
          ON b.tenant_id = r.tenant_id AND b.sales_order_item_id = r.reference_id
         AND b.batch_id IS NOT DISTINCT FROM r.batch_id
        WHERE r.quantity > b.quantity_shipped
    LOOP
        RAISE WARNING 'sales order line % (batch %) returned % of the % it shipped; kept as %',
            v_over.reference_id, coalesce(v_over.batch_id::text, 'none'), v_over.quantity,
            v_over.quantity_shipped, v_over.quantity_shipped;
    END LOOP;
    UPDATE sales.sales_order_item_batch AS b
    SET quantity_returned = least(r.quantity, b.quantity_shipped)
    FROM returned_so_far AS r
    WHERE b.tenant_id = r.tenant_id AND b.sales_order_item_id = r.reference_id
      AND b.batch_id IS NOT DISTINCT FROM r.batch_id;
END
$$;
