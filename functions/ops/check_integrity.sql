-- ops.check_integrity: the invariants constraints cannot see across rows.
-- Constraints and triggers keep them; this finds what a superuser, a restore
-- or a bug broke, so it is looked at before anyone trusts the numbers.
CREATE OR REPLACE PROCEDURE ops.check_integrity()
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_run bigint := ops.start_run('check-integrity');
    v_findings bigint;
    v_tenant record;
BEGIN
    BEGIN
        INSERT INTO ops.integrity_check_result (run_id, check_name, tenant_id, subject, finding)
        SELECT v_run, 'balance_equals_ledger', b.tenant_id,
               jsonb_build_object('product_id', b.product_id, 'batch_id', b.batch_id, 'location_id', b.location_id),
               format('balance on hand %s reserved %s, ledger on hand %s reserved %s',
                      b.on_hand, b.reserved, b.ledger_on_hand, b.ledger_reserved)
        FROM ops.balance_mismatches() AS b;

        INSERT INTO ops.integrity_check_result (run_id, check_name, tenant_id, subject, finding)
        SELECT v_run, 'balance_within_bounds', i.tenant_id,
               jsonb_build_object('inventory_id', i.id, 'product_id', i.product_id, 'location_id', i.location_id),
               format('on hand %s, reserved %s', i.on_hand, i.reserved)
        FROM inventory.inventory AS i
        WHERE i.on_hand < 0 OR i.reserved < 0 OR i.reserved > i.on_hand;

        -- What is reserved is exactly what the active reservations hold.
        INSERT INTO ops.integrity_check_result (run_id, check_name, tenant_id, subject, finding)
        SELECT v_run, 'reserved_equals_open_reservations', coalesce(i.tenant_id, l.tenant_id),
               jsonb_build_object('product_id', coalesce(i.product_id, l.product_id),
                                  'batch_id', coalesce(i.batch_id, l.batch_id),
                                  'location_id', coalesce(i.location_id, l.location_id)),
               format('reserved %s, active reservation lines %s', coalesce(i.reserved, 0), coalesce(l.quantity, 0))
        FROM (
            SELECT tenant_id, product_id, batch_id, location_id, sum(reserved) AS reserved
            FROM inventory.inventory WHERE reserved <> 0
            GROUP BY 1, 2, 3, 4
        ) AS i
        FULL JOIN (
            SELECT rl.tenant_id, rl.product_id, rl.batch_id, rl.location_id, sum(rl.quantity) AS quantity
            FROM inventory.reservation_line AS rl
            JOIN inventory.reservation AS r ON r.tenant_id = rl.tenant_id AND r.id = rl.reservation_id
            WHERE r.status = 'active'
            GROUP BY 1, 2, 3, 4
        ) AS l ON l.tenant_id = i.tenant_id AND l.product_id = i.product_id AND l.location_id = i.location_id
              AND l.batch_id IS NOT DISTINCT FROM i.batch_id
        WHERE coalesce(i.reserved, 0) <> coalesce(l.quantity, 0);

        INSERT INTO ops.integrity_check_result (run_id, check_name, tenant_id, subject, finding)
        SELECT v_run, 'reservation_lines_match', r.tenant_id, jsonb_build_object('reservation_id', r.id),
               format('reservation of %s, lines of %s', r.quantity, coalesce(sum(rl.quantity), 0))
        FROM inventory.reservation AS r
        LEFT JOIN inventory.reservation_line AS rl ON rl.tenant_id = r.tenant_id AND rl.reservation_id = r.id
        GROUP BY r.tenant_id, r.id, r.quantity
        HAVING r.quantity <> coalesce(sum(rl.quantity), 0);

        INSERT INTO ops.integrity_check_result (run_id, check_name, tenant_id, subject, finding)
        SELECT v_run, 'purchase_order_total', po.tenant_id, jsonb_build_object('purchase_order_id', po.id),
               format('total %s, lines %s', po.total_minor, coalesce(sum(poi.line_total_minor), 0))
        FROM procurement.purchase_order AS po
        LEFT JOIN procurement.purchase_order_item AS poi
            ON poi.tenant_id = po.tenant_id AND poi.purchase_order_id = po.id
        GROUP BY po.tenant_id, po.id, po.total_minor
        HAVING po.total_minor <> coalesce(sum(poi.line_total_minor), 0);

        INSERT INTO ops.integrity_check_result (run_id, check_name, tenant_id, subject, finding)
        SELECT v_run, 'sales_order_total', so.tenant_id, jsonb_build_object('sales_order_id', so.id),
               format('subtotal %s, lines %s; total %s', so.subtotal_minor, coalesce(sum(soi.line_total_minor), 0),
                      so.total_minor)
        FROM sales.sales_order AS so
        LEFT JOIN sales.sales_order_item AS soi ON soi.tenant_id = so.tenant_id AND soi.sales_order_id = so.id
        GROUP BY so.tenant_id, so.id, so.subtotal_minor, so.total_minor, so.shipping_minor, so.tax_minor
        HAVING so.subtotal_minor <> coalesce(sum(soi.line_total_minor), 0)
            OR so.total_minor <> so.subtotal_minor + so.shipping_minor + so.tax_minor;

        -- What a sales order line shipped per batch, which its returns are
        -- held to, is what its shipments carried; what it took back is at
        -- least what the attached ledger's returns add up to (more only by
        -- the returns of detached months).
        INSERT INTO ops.integrity_check_result (run_id, check_name, tenant_id, subject, finding)
        SELECT v_run, 'sales_line_shipped_returned', coalesce(b.tenant_id, s.tenant_id, r.tenant_id),
               jsonb_build_object('sales_order_item_id', coalesce(b.sales_order_item_id, s.sales_order_item_id,
                                                                  r.sales_order_item_id),
                                  'batch_id', coalesce(b.batch_id, s.batch_id, r.batch_id)),
               format('kept shipped %s and returned %s; shipment items %s, attached returns %s',
                      coalesce(b.quantity_shipped, 0), coalesce(b.quantity_returned, 0), coalesce(s.quantity, 0),
                      coalesce(r.quantity, 0))
        FROM sales.sales_order_item_batch AS b
        FULL JOIN (
            SELECT si.tenant_id, si.sales_order_item_id, si.batch_id, sum(si.quantity) AS quantity
            FROM logistics.shipment_item AS si
            WHERE si.sales_order_item_id IS NOT NULL
            GROUP BY 1, 2, 3
        ) AS s ON s.tenant_id = b.tenant_id AND s.sales_order_item_id = b.sales_order_item_id
              AND s.batch_id IS NOT DISTINCT FROM b.batch_id
        FULL JOIN (
            SELECT m.tenant_id, m.reference_id AS sales_order_item_id, m.batch_id, sum(m.quantity) AS quantity
            FROM inventory.stock_movement AS m
            WHERE m.reference_type = 'sales_order_item' AND m.movement_type = 'returned'
            GROUP BY 1, 2, 3
        ) AS r ON r.tenant_id = coalesce(b.tenant_id, s.tenant_id)
              AND r.sales_order_item_id = coalesce(b.sales_order_item_id, s.sales_order_item_id)
              AND r.batch_id IS NOT DISTINCT FROM coalesce(b.batch_id, s.batch_id)
        WHERE coalesce(b.quantity_shipped, 0) <> coalesce(s.quantity, 0)
           OR coalesce(b.quantity_returned, 0) < coalesce(r.quantity, 0);

        -- What a delete refuses (api.delete_product, delete_supplier,
        -- delete_customer) is not left behind it: a purchase-orders import
        -- once gave a supplier deleted while it ran an open order (7343e6c).
        INSERT INTO ops.integrity_check_result (run_id, check_name, tenant_id, subject, finding)
        SELECT v_run, 'deleted_still_in_use', u.tenant_id, u.subject, u.finding
        FROM (
            SELECT p.tenant_id, jsonb_build_object('product_id', p.id) AS subject,
                   format('deleted product %s has on hand %s, reserved %s', p.sku, trim_scale(sum(i.on_hand)),
                          trim_scale(sum(i.reserved))) AS finding
            FROM catalog.product AS p
            JOIN inventory.inventory AS i
                ON i.tenant_id = p.tenant_id AND i.product_id = p.id AND i.deleted_at IS NULL
            WHERE p.deleted_at IS NOT NULL AND (i.on_hand <> 0 OR i.reserved <> 0)
            GROUP BY p.tenant_id, p.id, p.sku
            UNION ALL
            SELECT p.tenant_id, jsonb_build_object('product_id', p.id, 'purchase_order_id', po.id),
                   format('deleted product %s is on %s purchase order %s', p.sku, po.status, po.number)
            FROM catalog.product AS p
            JOIN procurement.purchase_order_item AS i ON i.tenant_id = p.tenant_id AND i.product_id = p.id
            JOIN procurement.purchase_order AS po ON po.tenant_id = i.tenant_id AND po.id = i.purchase_order_id
            WHERE p.deleted_at IS NOT NULL AND po.status IN ('draft', 'ordered', 'partial')
            UNION ALL
            SELECT p.tenant_id, jsonb_build_object('product_id', p.id, 'sales_order_id', so.id),
                   format('deleted product %s is on %s sales order %s', p.sku, so.status, so.number)
            FROM catalog.product AS p
            JOIN sales.sales_order_item AS i ON i.tenant_id = p.tenant_id AND i.product_id = p.id
            JOIN sales.sales_order AS so ON so.tenant_id = i.tenant_id AND so.id = i.sales_order_id
            WHERE p.deleted_at IS NOT NULL AND so.status IN ('pending', 'approved', 'processing')
            UNION ALL
            SELECT s.tenant_id, jsonb_build_object('supplier_id', s.id, 'purchase_order_id', po.id),
                   format('deleted supplier %s has %s purchase order %s', s.code, po.status, po.number)
            FROM procurement.supplier AS s
            JOIN procurement.purchase_order AS po ON po.tenant_id = s.tenant_id AND po.supplier_id = s.id
            WHERE s.deleted_at IS NOT NULL AND po.status IN ('draft', 'ordered', 'partial')
            UNION ALL
            SELECT c.tenant_id, jsonb_build_object('customer_id', c.id, 'sales_order_id', so.id),
                   format('deleted customer %s has %s sales order %s', c.code, so.status, so.number)
            FROM sales.customer AS c
            JOIN sales.sales_order AS so ON so.tenant_id = c.tenant_id AND so.customer_id = c.id
            WHERE c.deleted_at IS NOT NULL AND so.status IN ('pending', 'approved', 'processing')
        ) AS u;

        -- One integrity alert per tenant while findings persist.
        FOR v_tenant IN
            SELECT t.id, count(f.id) AS findings,
                   coalesce(jsonb_agg(DISTINCT f.check_name) FILTER (WHERE f.id IS NOT NULL), '[]') AS checks
            FROM auth.tenant AS t
            LEFT JOIN ops.integrity_check_result AS f ON f.run_id = v_run AND f.tenant_id = t.id
            GROUP BY t.id
        LOOP
            PERFORM audit.set_alert(
                v_tenant.id, 'integrity', 'check_integrity', v_tenant.findings > 0,
                jsonb_build_object('run_id', v_run, 'findings', v_tenant.findings, 'checks', v_tenant.checks)
            );
        END LOOP;

        SELECT count(*) INTO v_findings FROM ops.integrity_check_result AS f WHERE f.run_id = v_run;
        PERFORM ops.finish_run(v_run, 'ok', jsonb_build_object('findings', v_findings));
        IF v_findings > 0 THEN
            RAISE WARNING 'ops.check_integrity found % problem(s)', v_findings
                USING DETAIL = format('SELECT * FROM ops.integrity_check_result WHERE run_id = %s', v_run);
        END IF;
    EXCEPTION WHEN OTHERS THEN
        PERFORM ops.finish_run(v_run, 'failed', ops.failure_detail(SQLSTATE, SQLERRM));
    END;
END
$$;
COMMENT ON PROCEDURE ops.check_integrity () IS
'Checks every balance against the ledger, balances within bounds, reserved stock against the active '
'reservations, reservation lines against their reservations, order totals against their lines and that no '
'deleted product, supplier or customer keeps stock or open orders; '
'stores each finding in ops.integrity_check_result and raises one integrity alert per tenant while any remain.';
