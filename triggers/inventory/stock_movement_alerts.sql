-- Alerts follow the stock: after each statement that writes ledger rows that
-- could change one (the balance trigger says which do), the product ×
-- warehouse (and batch) conditions it touched are re-judged. The
-- statement runs under the stock locks of those products, so the judgement
-- and its alert state cannot race with another movement of the same stock.
CREATE OR REPLACE FUNCTION inventory.tg_stock_movement__alerts()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v record;
BEGIN
    -- The balance trigger said whether any row of this statement could
    -- change an alert; most statements end here.
    IF current_setting('stockdb.alerts_pending', true) IS DISTINCT FROM 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('stockdb.alerts_pending', '', true);

    PERFORM inventory.judge_stock_alerts(t.tenant_ids, t.product_ids, t.warehouse_ids)
    FROM (
        SELECT array_agg(m.tenant_id) AS tenant_ids, array_agg(m.product_id) AS product_ids,
               array_agg(l.warehouse_id) AS warehouse_ids
        FROM moved AS m
        JOIN warehouse.location AS l ON l.tenant_id = m.tenant_id AND l.id = m.location_id
    ) AS t;

    FOR v IN
        WITH touched AS (
            SELECT DISTINCT m.tenant_id, m.product_id, m.batch_id, l.warehouse_id
            FROM moved AS m
            JOIN warehouse.location AS l ON l.tenant_id = m.tenant_id AND l.id = m.location_id
            WHERE m.batch_id IS NOT NULL
        ),
        -- Joined and grouped, as inventory.judge_stock_alerts is, for the same
        -- reasons, the alerts' subject made here among them.
        held AS (
            SELECT t.tenant_id, t.product_id, t.batch_id, t.warehouse_id,
                   t.batch_id || '@' || t.warehouse_id AS subject,
                   coalesce(sum(i.on_hand) FILTER (WHERE l.id IS NOT NULL), 0) AS on_hand
            FROM touched AS t
            LEFT JOIN inventory.inventory AS i
                ON i.tenant_id = t.tenant_id AND i.product_id = t.product_id AND i.batch_id = t.batch_id
               AND i.deleted_at IS NULL
            LEFT JOIN warehouse.location AS l
                ON l.tenant_id = i.tenant_id AND l.id = i.location_id AND l.warehouse_id = t.warehouse_id
            GROUP BY t.tenant_id, t.product_id, t.batch_id, t.warehouse_id
        ),
        judged AS (
            SELECT h.tenant_id, h.batch_id, h.warehouse_id, h.subject, p.sku, b.batch_number, b.expiry_date, h.on_hand,
                   h.on_hand > 0
                   AND b.expiry_date <= (now() AT TIME ZONE w.timezone)::date + p.expiry_alert_days AS active
            FROM held AS h
            JOIN catalog.product AS p ON p.tenant_id = h.tenant_id AND p.id = h.product_id
            JOIN catalog.product_batch AS b ON b.tenant_id = h.tenant_id AND b.id = h.batch_id
            JOIN warehouse.warehouse AS w ON w.tenant_id = h.tenant_id AND w.id = h.warehouse_id
            WHERE b.expiry_date IS NOT NULL
        )
        SELECT j.*
        FROM judged AS j
        LEFT JOIN audit.alert_state AS a
            ON a.tenant_id = j.tenant_id AND a.alert_type = 'batch_expiring'
           AND a.subject = j.subject
        WHERE coalesce(a.active, false) <> j.active
        ORDER BY j.tenant_id, j.batch_id, j.warehouse_id
    LOOP
        PERFORM audit.set_alert(
            v.tenant_id, 'batch_expiring', v.subject, v.active,
            jsonb_build_object('batch_id', v.batch_id, 'batch_number', v.batch_number, 'sku', v.sku,
                               'warehouse_id', v.warehouse_id, 'expiry_date', v.expiry_date, 'on_hand', v.on_hand)
        );
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION inventory.tg_stock_movement__alerts() IS
'AFTER INSERT statement trigger on the ledger: raises or clears out_of_stock and low_stock '
'(inventory.judge_stock_alerts: no sellable stock, or sellable at or below the reorder point) and '
'batch_expiring (stock of a batch within the product''s expiry_alert_days) '
'for each product x warehouse and batch the statement moved; one alert per condition until it clears.';

CREATE OR REPLACE TRIGGER _200_alerts AFTER INSERT ON inventory.stock_movement
REFERENCING NEW TABLE AS moved
FOR EACH STATEMENT EXECUTE FUNCTION inventory.tg_stock_movement__alerts();
