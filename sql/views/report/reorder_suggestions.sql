-- What to order: for sellable stock at or below its reorder point, the
-- demand expected over the lead time plus safety stock, less what can be
-- sold and what is already on order.
CREATE OR REPLACE VIEW report.reorder_suggestions WITH (security_barrier = TRUE) AS
WITH candidate AS (
    SELECT
        p.tenant_id,
        p.id AS product_id,
        s.warehouse_id,
        s.available,
        s.sellable,
        p.sku,
        p.reorder_point,
        p.safety_stock_level,
        -- Only one still ordered from: an inactive or deleted preferred supplier
        -- was proposed, and its lead time counted.
        ps.id AS preferred_supplier_id,
        w.code AS warehouse_code,
        (now() AT TIME ZONE w.timezone)::date AS today,
        coalesce(nullif(p.lead_time_days, 0), ps.lead_time_days, 0) AS lead_time_days
    FROM catalog.product AS p
    CROSS JOIN
        LATERAL (
            -- Per warehouse, from the product's own balances: what can be
            -- sold, since stock on hold, expired or in quarantine cannot.
            SELECT
                i.warehouse_id,
                sum(i.available) AS available,
                sum(i.sellable) AS sellable
            FROM inventory.sellable_stock AS i
            WHERE i.tenant_id = p.tenant_id AND i.product_id = p.id
            GROUP BY i.warehouse_id
        ) AS s
    INNER JOIN warehouse.warehouse AS w ON p.tenant_id = w.tenant_id AND s.warehouse_id = w.id
    LEFT JOIN procurement.supplier AS ps
        ON
            p.tenant_id = ps.tenant_id AND p.preferred_supplier_id = ps.id
            AND ps.active AND ps.deleted_at IS NULL
    -- This view runs as stockdb_rls_exempt, past row security, which would
    -- keep `reorder_point > 0` (not leakproof) from choosing the partial
    -- index product_reorder_idx: it names the calling tenant itself (every
    -- join below carries p.tenant_id), and shows a partner nothing, since
    -- on_order counts other suppliers' purchase orders.
    WHERE
        p.tenant_id = (SELECT nullif(pg_catalog.current_setting('stockdb.tenant_id', TRUE), '')::uuid)
        -- partner_scope's test (sql/policies/tenant_isolation.sql), which
        -- row security would apply here but for stockdb_rls_exempt.
        AND NOT (
            SELECT
                coalesce(pg_catalog.current_setting('stockdb.user_role', TRUE), '') = 'partner'
                OR (
                    coalesce(pg_catalog.current_setting('stockdb.user_role', TRUE), '') = ''
                    AND coalesce(pg_catalog.current_setting('stockdb.user_id', TRUE), '') <> ''
                )
        )
        AND p.deleted_at IS NULL AND p.active AND p.reorder_point > 0 AND s.sellable <= p.reorder_point
        -- An inactive warehouse takes no stock (warehouse.require_location).
        AND w.active
),

demand AS (
    SELECT
        c.*,
        f.forecast_demand,
        -- Without a forecast: the trailing 90 days' sales and consumption per day.
        coalesce(t.issued, 0) / 90.0 AS trailing_daily_demand,
        coalesce(o.on_order, 0) AS on_order,
        coalesce(c.preferred_supplier_id, last_po.supplier_id) AS supplier_id
    FROM candidate AS c
    LEFT JOIN LATERAL (
        -- The newest model's forecasts, each counted for the days it overlaps the lead time.
        SELECT
            sum(
                df.forecast_quantity
                * (least(df.period_end, c.today + c.lead_time_days) - greatest(df.period_start, c.today))
                / (df.period_end - df.period_start)
            ) AS forecast_demand
        FROM planning.demand_forecast AS df
        WHERE
            df.tenant_id = c.tenant_id AND df.product_id = c.product_id AND df.warehouse_id = c.warehouse_id
            AND df.period_end > c.today AND df.period_start < c.today + c.lead_time_days
            AND df.model_name = (
                SELECT newest.model_name FROM planning.demand_forecast AS newest
                WHERE
                    newest.tenant_id = c.tenant_id AND newest.product_id = c.product_id
                    AND newest.warehouse_id = c.warehouse_id
                ORDER BY newest.created_at DESC, newest.model_name ASC
                LIMIT 1
            )
        HAVING count(*) > 0
    ) AS f ON TRUE
    LEFT JOIN LATERAL (
        SELECT -sum(m.quantity) AS issued
        FROM inventory.stock_movement AS m
        INNER JOIN warehouse.location AS ml ON m.tenant_id = ml.tenant_id AND m.location_id = ml.id
        WHERE
            m.tenant_id = c.tenant_id AND m.product_id = c.product_id AND ml.warehouse_id = c.warehouse_id
            AND m.occurred_at >= now() - interval '90 days'
            AND m.movement_type IN ('sale_issue', 'consumption')
    ) AS t ON TRUE
    LEFT JOIN LATERAL (
        SELECT sum(poi.quantity_ordered - poi.quantity_received) AS on_order
        FROM procurement.purchase_order_item AS poi
        INNER JOIN procurement.purchase_order AS po
            ON poi.tenant_id = po.tenant_id AND poi.purchase_order_id = po.id
        WHERE
            poi.tenant_id = c.tenant_id AND poi.product_id = c.product_id AND po.status IN ('ordered', 'partial')
            -- An order for another warehouse fills none of this one's need.
            AND (po.warehouse_id IS NULL OR po.warehouse_id = c.warehouse_id)
    ) AS o ON TRUE
    LEFT JOIN LATERAL (
        SELECT po.supplier_id
        FROM procurement.purchase_order_item AS poi
        INNER JOIN procurement.purchase_order AS po
            ON poi.tenant_id = po.tenant_id AND poi.purchase_order_id = po.id
        INNER JOIN procurement.supplier AS ls
            ON po.tenant_id = ls.tenant_id AND po.supplier_id = ls.id AND ls.active AND ls.deleted_at IS NULL
        WHERE poi.tenant_id = c.tenant_id AND poi.product_id = c.product_id AND po.status <> 'cancelled'
        ORDER BY po.created_at DESC
        LIMIT 1
    ) AS last_po ON TRUE
)

SELECT
    d.tenant_id,
    d.product_id,
    d.sku,
    d.warehouse_id,
    d.warehouse_code,
    d.available,
    d.reorder_point,
    d.safety_stock_level,
    d.lead_time_days,
    CASE WHEN d.forecast_demand IS NOT NULL THEN 'forecast' ELSE 'trailing_average' END AS demand_source,
    round(coalesce(d.forecast_demand, d.trailing_daily_demand * d.lead_time_days), 3) AS lead_time_demand,
    d.on_order,
    greatest(
        ceil(
            coalesce(d.forecast_demand, d.trailing_daily_demand * d.lead_time_days)
            + d.safety_stock_level - d.sellable - d.on_order
        ),
        0
    ) AS suggested_quantity,
    d.supplier_id,
    sup.code AS supplier_code,
    sup.name AS supplier_name,
    d.sellable
FROM demand AS d
LEFT JOIN procurement.supplier AS sup ON d.tenant_id = sup.tenant_id AND d.supplier_id = sup.id;

COMMENT ON VIEW report.reorder_suggestions IS
'Each active product x active warehouse whose sellable stock (inventory.sellable_stock: available, less '
'stock on hold, expired or in quarantine or an inactive location) is at or below its reorder point (> 0): '
'demand over the lead time (product''s, else the preferred supplier''s) from the newest forecast model, '
'prorated by overlap, or else the trailing 90-day daily sales and consumption x lead time; '
'suggested_quantity = ceil(demand + safety stock - sellable - open purchase quantity), at least 0; the '
'preferred supplier, else the supplier last ordered from, either only while active and not deleted. Open '
'purchase quantity counts the orders for this warehouse and those that name none.';
