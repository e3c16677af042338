-- Row security on every table that carries tenant_id: a row is visible and
-- writable only inside a transaction whose stockdb.tenant_id names its
-- tenant (api.set_context). FORCE makes it bind stockdb_owner too, so the
-- SECURITY DEFINER api functions and the report views, which run as the
-- owner, see the calling tenant only, whatever a query inside them forgets.
-- Without a context nothing is visible: NULL never equals a tenant.
--
-- Derived from the catalogue: a new table with tenant_id is covered at the
-- next migrate. Not covered, on purpose:
--   audit.outbox   the relay's delivery queue for all tenants; only
--                  stockdb_relay and the owner reach it.
--   staging.*_row  what `stockdb import` COPYs raw cells into: PostgreSQL
--                  refuses COPY FROM into a table with row security. The
--                  importer may only insert there; staging.finish_batch
--                  reads the rows of its own tenant and batch.
--   inventory.ledger_carry  written for every tenant at once by partition
--                  maintenance, as the ledger's owner (DETACH needs the
--                  owner, on whom row security is forced); read only by
--                  ops.balance_mismatches. No application role reaches it.
-- Superusers and stockdb_maintenance bypass row security (maintenance is
-- cross-tenant), as do foreign-key checks.
--
-- partner_scope narrows a partner (a supplier's person) further, on every
-- covered table: RESTRICTIVE, it hides the tenant's sales, stock, costs and
-- the rest, and leaves what a partner reads its own purchase orders through:
-- the orders and lines (partner_orders.sql narrows those to its supplier's),
-- suppliers (report.suppliers shows its own), the products and their
-- categories, and the users and tokens api.set_context and the password
-- calls use.
DO $policies$
DECLARE
    v_table record;
    -- Whether the caller is narrowed to a partner's view. It reads the role
    -- api.set_context put in stockdb.user_role, not the user's row: the policy
    -- is checked by every statement of every api call, and a lookup there cost
    -- record_movement 8 % of its rate, this 3 %. A user named some other way
    -- than api.set_context has no role there and counts as a partner: a
    -- context set by hand sees less, not more. Inline rather than a function,
    -- which every role reading these tables would need EXECUTE on.
    v_narrowed text := $sql$(SELECT coalesce(pg_catalog.current_setting('stockdb.user_role', TRUE), '') = 'partner'
        OR (coalesce(pg_catalog.current_setting('stockdb.user_role', TRUE), '') = ''
            AND coalesce(pg_catalog.current_setting('stockdb.user_id', TRUE), '') <> ''))$sql$;
    v_partner_using text;
    v_using text := 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';
BEGIN
    FOR v_table IN
        SELECT
            c.oid::regclass AS name,
            c.relrowsecurity AS enabled,
            c.relforcerowsecurity AS forced,
            NOT (c.oid = 'audit.outbox'::regclass OR (n.nspname = 'staging' AND c.relname ~ '_row$')
                 OR (n.nspname = 'inventory' AND c.relname = 'ledger_carry'))
                AS covered,
            -- The comment holds the expression the policy was made with, so
            -- an unchanged policy is left alone (and its table unlocked).
            (SELECT coalesce(pg_catalog.obj_description(p.oid, 'pg_policy'), '')
             FROM pg_catalog.pg_policy AS p
             WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation') AS current_using,
            (SELECT coalesce(pg_catalog.obj_description(p.oid, 'pg_policy'), '')
             FROM pg_catalog.pg_policy AS p
             WHERE p.polrelid = c.oid AND p.polname = 'partner_scope') AS current_partner_using
        FROM pg_catalog.pg_class AS c
        INNER JOIN pg_catalog.pg_namespace AS n ON c.relnamespace = n.oid
        INNER JOIN pg_catalog.pg_attribute AS a ON c.oid = a.attrelid
        WHERE n.nspname IN (
                'audit', 'auth', 'catalog', 'inventory', 'logistics', 'ops', 'planning',
                'procurement', 'report', 'sales', 'staging', 'warehouse'
            )
          AND c.relkind IN ('r', 'p')
          AND NOT c.relispartition
          AND a.attname = 'tenant_id' AND NOT a.attisdropped
    LOOP
        IF NOT v_table.covered THEN
            -- A table taken off the list loses what an earlier run gave it.
            EXECUTE pg_catalog.format('DROP POLICY IF EXISTS tenant_isolation ON %s', v_table.name);
            IF v_table.current_partner_using IS NOT NULL THEN
                EXECUTE pg_catalog.format('DROP POLICY partner_scope ON %s', v_table.name);
            END IF;
            IF v_table.enabled OR v_table.forced THEN
                EXECUTE pg_catalog.format(
                    'ALTER TABLE %s NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY', v_table.name
                );
            END IF;
            CONTINUE;
        END IF;
        IF NOT v_table.enabled THEN
            EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', v_table.name);
        END IF;
        IF NOT v_table.forced THEN
            EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', v_table.name);
        END IF;
        v_partner_using := CASE
            WHEN v_table.name::text IN (
                'auth.app_user', 'auth.refresh_token', 'procurement.purchase_order',
                'procurement.purchase_order_item', 'procurement.supplier',
                -- The lines name products. Narrowing these to the products
                -- on its lines nested the lines' and orders' policies into
                -- every product read and cost record_movement 13 % of its rate.
                'catalog.product', 'catalog.product_category'
            ) THEN NULL
            ELSE pg_catalog.format('NOT %s', v_narrowed)
        END;
        IF v_partner_using IS DISTINCT FROM v_table.current_partner_using THEN
            IF v_table.current_partner_using IS NOT NULL THEN
                EXECUTE pg_catalog.format('DROP POLICY partner_scope ON %s', v_table.name);
            END IF;
            IF v_partner_using IS NOT NULL THEN
                EXECUTE pg_catalog.format(
                    'CREATE POLICY partner_scope ON %s AS RESTRICTIVE FOR ALL TO PUBLIC USING (%s)',
                    v_table.name, v_partner_using
                );
                EXECUTE pg_catalog.format(
                    'COMMENT ON POLICY partner_scope ON %s IS %L', v_table.name, v_partner_using
                );
            END IF;
        END IF;
        CONTINUE WHEN v_table.current_using = v_using;
        IF v_table.current_using IS NOT NULL THEN
            EXECUTE pg_catalog.format('DROP POLICY tenant_isolation ON %s', v_table.name);
        END IF;
        EXECUTE pg_catalog.format(
            'CREATE POLICY tenant_isolation ON %s AS PERMISSIVE FOR ALL TO PUBLIC USING (%s) WITH CHECK (%s)',
            v_table.name, v_using, v_using
        );
        EXECUTE pg_catalog.format('COMMENT ON POLICY tenant_isolation ON %s IS %L', v_table.name, v_using);
    END LOOP;
END
$policies$;
