-- What of each balance can be sold: its available stock unless allocation
-- passes over it (inventory.allocate with no location named). Reorder
-- suggestions, the stock report's status and the stock alerts judge by it,
-- so a recalled lot, expired stock or a quarantine shelf does not stand in
-- for stock that can ship. Kept to the rule of inventory.allocate: a change
-- there is a change here.
-- Every tenant's rows: it runs as stockdb_rls_exempt (ops.apply_grants), since
-- the alert judgement reads it in jobs that act for no tenant (expiring
-- reservations release stock). No application role may read it; whoever
-- uses it names the tenant (report.stock_on_hand joins the caller's
-- products and warehouses, report.reorder_suggestions its products).
CREATE OR REPLACE VIEW inventory.sellable_stock AS
SELECT
    i.tenant_id,
    i.id,
    i.product_id,
    i.batch_id,
    i.location_id,
    l.warehouse_id,
    i.on_hand,
    i.reserved,
    i.available,
    CASE
        WHEN
            l.active AND l.kind <> 'quarantine'
            AND (b.expiry_date IS NULL OR b.expiry_date >= (now() AT TIME ZONE w.timezone)::date)
            AND b.held_at IS NULL
            THEN i.available
        ELSE 0
    END AS sellable
FROM inventory.inventory AS i
INNER JOIN warehouse.location AS l ON i.tenant_id = l.tenant_id AND i.location_id = l.id
INNER JOIN warehouse.warehouse AS w ON l.tenant_id = w.tenant_id AND l.warehouse_id = w.id
LEFT JOIN catalog.product_batch AS b ON i.tenant_id = b.tenant_id AND i.batch_id = b.id
WHERE i.deleted_at IS NULL;

COMMENT ON VIEW inventory.sellable_stock IS
'Each live balance with its warehouse and sellable: its available stock when allocation may take it (an '
'active location that is not quarantine, a batch neither expired in the warehouse''s time zone nor held), '
'else 0. Every tenant''s balances (owned by stockdb_rls_exempt): readers name the tenant.';
