-- The descriptions as 0063 found them.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

COMMENT ON FUNCTION ops.is_valid_timezone(text) IS
'TRUE when PostgreSQL knows the time zone name (Europe/Berlin, UTC, …).';
COMMENT ON COLUMN catalog.product_category.path IS
'Ids from the root down to this node, as /id/id/…/; kept by trigger, so a subtree is every row whose path '
'starts with this one''s.';
COMMENT ON COLUMN inventory.reservation.reference IS
'The caller''s reference (order number, …).';
COMMENT ON COLUMN inventory.stock_movement.reference_type IS
'The document that caused the movement (purchase_order_item, sales_order, transfer, count, …).';
COMMENT ON COLUMN logistics.shipment.incoterm IS
'Incoterms 2020 rule (DAP, DDP, EXW, …) for international shipments.';
COMMENT ON COLUMN procurement.purchase_order_item.line_total_minor IS
'quantity_ordered × unit_cost_minor, rounded to the minor unit.';
COMMENT ON COLUMN sales.customer.shipping_address IS
'Default delivery address as a JSON object (line1, city, postcode, country, …).';
COMMENT ON COLUMN sales.sales_order_item.line_total_minor IS
'quantity × unit_price_minor, rounded to the minor unit.';
COMMENT ON COLUMN warehouse.warehouse.address IS
'Postal address as a JSON object (line1, city, postcode, country, …).';
COMMENT ON MATERIALIZED VIEW ops.inventory_turnover IS
'Product × warehouse over the trailing 365 days: quantity sold or consumed, on hand at the start (now minus the'
' period''s net change) and now, their average, turnover (issued / average) and days of supply at the period''s'
' rate. Refreshed by ops.refresh_reports() from report.movement_daily.';
COMMENT ON MATERIALIZED VIEW ops.slow_movers IS
'Product × warehouse holding stock whose sales and consumption over the trailing 90 days are below 10 % of what'
' is on hand (or nil). Refreshed by ops.refresh_reports() from report.movement_daily.';
COMMENT ON TABLE report.movement_daily IS
'Per day (in the warehouse''s time zone) × product × warehouse × movement type: how many movements and their '
'summed signed quantity. Refreshed incrementally by ops.refresh_reports(): only the days a transaction still '
'running at the last refresh could have written to are recomputed.';
COMMENT ON TYPE logistics.shipment_status IS
'preparing → in_transit ⇄ delayed → delivered, or cancelled before it leaves; ops.status_transition lists the '
'allowed steps.';
COMMENT ON TYPE procurement.po_status IS
'draft → ordered → partial → received, or cancelled; ops.status_transition lists the allowed steps.';
COMMENT ON TYPE sales.order_status IS
'pending → approved → processing → shipped → closed, or cancelled before shipping; ops.status_transition lists '
'the allowed steps.';

DO $$
DECLARE
    v_month regclass;
BEGIN
    FOR v_month IN
        SELECT i.inhrelid::regclass FROM pg_catalog.pg_inherits AS i
        WHERE i.inhparent = 'inventory.stock_movement'::regclass
    LOOP
        EXECUTE pg_catalog.format(
            'COMMENT ON COLUMN %s.reference_type IS %L', v_month,
            pg_catalog.col_description('inventory.stock_movement'::regclass, (
                SELECT a.attnum FROM pg_catalog.pg_attribute AS a
                WHERE a.attrelid = 'inventory.stock_movement'::regclass AND a.attname = 'reference_type'
            ))
        );
    END LOOP;
END
$$;
