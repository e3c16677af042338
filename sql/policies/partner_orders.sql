-- A partner (a supplier's person, auth.app_user.supplier_id) sees the
-- purchase orders of its own supplier and their lines, nothing else of
-- procurement. RESTRICTIVE: it narrows tenant_isolation, never widens it.
-- Every other caller, and system work without a user, passes it.
DO $policies$
DECLARE
    -- The calling user's row, when the caller is a partner.
    v_partner_row text := $sql$
        FROM auth.app_user AS u
        WHERE u.tenant_id = (SELECT nullif(pg_catalog.current_setting('stockdb.tenant_id', TRUE), '')::uuid)
          AND u.id = (SELECT nullif(pg_catalog.current_setting('stockdb.user_id', TRUE), '')::uuid)
          AND u.role = 'partner'
    $sql$;
    v_partner_supplier text := pg_catalog.format('(SELECT u.supplier_id %s)', v_partner_row);
    v_is_partner text := pg_catalog.format('EXISTS (SELECT 1 %s)', v_partner_row);
    v_policy record;
BEGIN
    FOR v_policy IN
        SELECT p.tbl::regclass AS tbl, p.expression,
               (SELECT coalesce(pg_catalog.obj_description(x.oid, 'pg_policy'), '')
                FROM pg_catalog.pg_policy AS x
                WHERE x.polrelid = p.tbl::regclass AND x.polname = 'partner_own_orders') AS current_using
        FROM (VALUES
            ('procurement.purchase_order',
             pg_catalog.format('NOT %s OR supplier_id = %s', v_is_partner, v_partner_supplier)),
            -- A line is visible when its order is (the order's own policies apply inside).
            ('procurement.purchase_order_item',
             pg_catalog.format(
                 'NOT %s OR EXISTS (SELECT 1 FROM procurement.purchase_order AS o '
                 'WHERE o.tenant_id = purchase_order_item.tenant_id AND o.id = purchase_order_item.purchase_order_id)',
                 v_is_partner))
        ) AS p (tbl, expression)
    LOOP
        CONTINUE WHEN v_policy.current_using = v_policy.expression;
        IF v_policy.current_using IS NOT NULL THEN
            EXECUTE pg_catalog.format('DROP POLICY partner_own_orders ON %s', v_policy.tbl);
        END IF;
        EXECUTE pg_catalog.format(
            'CREATE POLICY partner_own_orders ON %s AS RESTRICTIVE FOR ALL TO PUBLIC USING (%s)',
            v_policy.tbl, v_policy.expression
        );
        EXECUTE pg_catalog.format('COMMENT ON POLICY partner_own_orders ON %s IS %L', v_policy.tbl, v_policy.expression);
    END LOOP;
END
$policies$;
