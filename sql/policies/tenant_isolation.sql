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
DO $policies$
DECLARE
    v_table record;
    v_using text := 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';
BEGIN
    FOR v_table IN
        SELECT
            c.oid::regclass AS name,
            c.relrowsecurity AS enabled,
            c.relforcerowsecurity AS forced,
            NOT (c.oid = 'audit.outbox'::regclass OR (n.nspname = 'staging' AND c.relname LIKE '%\_row')
                 OR (n.nspname = 'inventory' AND c.relname = 'ledger_carry'))
                AS covered,
            -- The comment holds the expression the policy was made with, so
            -- an unchanged policy is left alone (and its table unlocked).
            (SELECT coalesce(pg_catalog.obj_description(p.oid, 'pg_policy'), '')
             FROM pg_catalog.pg_policy AS p
             WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation') AS current_using
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
