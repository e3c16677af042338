-- ops.apply_grants: the roles, the owners and the privileges, all derived
-- from the catalogue. sql/roles.sql calls it on every migrate that changed
-- anything; `stockdb backup restore` calls it on the restored database (which
-- pg_restore made without owners or privileges). A superuser runs it.
--
--   stockdb_owner        owns every object; row security is forced on it
--   stockdb_app          USAGE on api and report, EXECUTE on api, SELECT (and
--                        EXECUTE on the functions) of report
--   stockdb_analyst      SELECT (and EXECUTE on the functions) of report
--   stockdb_importer     COPY into staging, the import entry points
--   stockdb_maintenance  the ops routines and the tables they work on, across
--                        tenants (BYPASSRLS; owns the materialised views)
--   stockdb_relay        reads and marks audit.outbox
--   stockdb_rls_exempt   no members; owns the few functions that filter by
--                        tenant themselves (BYPASSRLS: see below)
CREATE OR REPLACE FUNCTION ops.apply_grants()
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_role record;
    v_schemas text[] := ARRAY[
        'api', 'audit', 'auth', 'catalog', 'inventory', 'logistics', 'ops',
        'planning', 'procurement', 'report', 'sales', 'staging', 'warehouse'
    ];
    v_groups text := 'stockdb_app, stockdb_analyst, stockdb_importer, stockdb_maintenance, stockdb_relay, '
                     'stockdb_rls_exempt';
    v_exempt regprocedure[] := ARRAY[
        'api.search_products(text, integer)',
        'staging.begin_batch(text, text, text, text, text[], text, boolean)',
        'staging.finish_batch(uuid)'
    ]::regprocedure[];
    -- and the report view whose plan row security spoils (reorder_point > 0),
    -- and the sellable stock the stock alerts judge by, which jobs with no
    -- tenant (ops.expire_reservations, ops.detect_expiring_batches) read too
    v_exempt_views regclass[] := ARRAY['report.reorder_suggestions', 'inventory.sellable_stock']::regclass[];
    v_schema text;
    v_object record;
BEGIN
    FOR v_role IN
        SELECT r.name, r.bypassrls
        FROM (VALUES
            ('stockdb_owner', FALSE),
            ('stockdb_app', FALSE),
            ('stockdb_analyst', FALSE),
            ('stockdb_importer', FALSE),
            -- Maintenance is cross-tenant by nature (expiring every tenant's
            -- reservations, refreshing every tenant's reports).
            ('stockdb_maintenance', TRUE),
            ('stockdb_relay', FALSE),
            -- Row security lets no condition that is not leakproof (full
            -- text @@, trigram %, LIKE, a join on staging.to_text(cell))
            -- run ahead of its own check, nor serve as an index condition:
            -- under it a search reads the tenant's whole catalogue and an
            -- import joins 100,000 staged rows to every product. The
            -- functions in v_exempt and the views in v_exempt_views run as
            -- this role instead and filter by tenant themselves
            -- (test_tenant_isolation and test_import's two-tenant test hold
            -- them to that).
            ('stockdb_rls_exempt', TRUE)
        ) AS r (name, bypassrls)
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS x WHERE x.rolname = v_role.name) THEN
            BEGIN
                EXECUTE pg_catalog.format('CREATE ROLE %I', v_role.name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                -- Another database of this cluster made it just now: before
                -- we looked (duplicate_object) or while we waited on its
                -- uncommitted row (unique_violation).
                NULL;
            END;
        END IF;
        -- Roles belong to the whole cluster: two databases migrating at once
        -- would both rewrite the same pg_authid row, and the second fails
        -- ("tuple concurrently updated"). So a role that has its attributes
        -- already is left alone.
        IF NOT EXISTS (
            SELECT 1 FROM pg_catalog.pg_roles AS x
            WHERE x.rolname = v_role.name
              AND NOT x.rolcanlogin
              AND x.rolbypassrls = v_role.bypassrls
        ) THEN
            EXECUTE pg_catalog.format(
                'ALTER ROLE %I NOLOGIN %s', v_role.name,
                CASE WHEN v_role.bypassrls THEN 'BYPASSRLS' ELSE 'NOBYPASSRLS' END
            );
        END IF;
    END LOOP;
    EXECUTE 'REVOKE CREATE ON SCHEMA public FROM PUBLIC';

    -- Ownership: everything of ours goes to stockdb_owner (so no SECURITY
    -- DEFINER routine runs as a superuser), except the materialised views:
    -- a refresh reads as the view's owner, and only a role that bypasses row
    -- security sees every tenant.
    FOR v_object IN
        SELECT n.nspname AS name
        FROM pg_catalog.pg_namespace AS n
        WHERE n.nspname = ANY (v_schemas)
          AND n.nspowner <> 'stockdb_owner'::regrole
    LOOP
        EXECUTE pg_catalog.format('ALTER SCHEMA %I OWNER TO stockdb_owner', v_object.name);
    END LOOP;

    FOR v_object IN
        SELECT
            c.oid::regclass AS name,
            CASE c.relkind
                WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                ELSE 'TABLE'
            END AS kind,
            o.owner
        FROM pg_catalog.pg_class AS c
        INNER JOIN pg_catalog.pg_namespace AS n ON c.relnamespace = n.oid
        CROSS JOIN LATERAL (
            SELECT CASE
                WHEN c.relkind = 'm' THEN 'stockdb_maintenance'
                WHEN c.oid = ANY (v_exempt_views) THEN 'stockdb_rls_exempt'
                ELSE 'stockdb_owner'
            END AS owner
        ) AS o
        WHERE n.nspname = ANY (v_schemas)
          AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          -- an identity or serial sequence follows its table
          AND NOT (c.relkind = 'S' AND EXISTS (
              SELECT 1 FROM pg_catalog.pg_depend AS d
              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')
          ))
          AND c.relowner <> o.owner::regrole
    LOOP
        EXECUTE pg_catalog.format('ALTER %s %s OWNER TO %I', v_object.kind, v_object.name, v_object.owner);
    END LOOP;

    FOR v_object IN
        SELECT
            p.oid::regprocedure AS name,
            CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END AS kind,
            o.owner
        FROM pg_catalog.pg_proc AS p
        INNER JOIN pg_catalog.pg_namespace AS n ON p.pronamespace = n.oid
        CROSS JOIN LATERAL (
            SELECT CASE WHEN p.oid = ANY (v_exempt) THEN 'stockdb_rls_exempt' ELSE 'stockdb_owner' END AS owner
        ) AS o
        WHERE n.nspname = ANY (v_schemas)
          AND p.proowner <> o.owner::regrole
          AND NOT EXISTS (
              SELECT 1 FROM pg_catalog.pg_depend AS d
              WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
          )
    LOOP
        EXECUTE pg_catalog.format('ALTER %s %s OWNER TO %I', v_object.kind, v_object.name, v_object.owner);
    END LOOP;

    FOR v_object IN
        SELECT
            t.oid::regtype AS name,
            CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END AS kind
        FROM pg_catalog.pg_type AS t
        INNER JOIN pg_catalog.pg_namespace AS n ON t.typnamespace = n.oid
        WHERE n.nspname = ANY (v_schemas)
          AND t.typtype IN ('e', 'd', 'c', 'r')
          AND (t.typtype <> 'c' OR EXISTS (
              SELECT 1 FROM pg_catalog.pg_class AS c WHERE c.oid = t.typrelid AND c.relkind = 'c'
          ))
          AND t.typowner <> 'stockdb_owner'::regrole
    LOOP
        EXECUTE pg_catalog.format('ALTER %s %s OWNER TO stockdb_owner', v_object.kind, v_object.name);
    END LOOP;

    -- Start every group from nothing, then grant exactly the list.
    FOREACH v_schema IN ARRAY v_schemas LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON SCHEMA %I FROM PUBLIC, %s', v_schema, v_groups);
        EXECUTE pg_catalog.format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM PUBLIC, %s', v_schema, v_groups);
        EXECUTE pg_catalog.format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM PUBLIC, %s', v_schema, v_groups);
        EXECUTE pg_catalog.format('REVOKE ALL ON ALL ROUTINES IN SCHEMA %I FROM PUBLIC, %s', v_schema, v_groups);
    END LOOP;
    -- Applications: the api and the reports, nothing else.
    GRANT USAGE ON SCHEMA api, report TO stockdb_app;
    GRANT EXECUTE ON ALL ROUTINES IN SCHEMA api TO stockdb_app;
    GRANT SELECT ON ALL TABLES IN SCHEMA report TO stockdb_app;
    GRANT EXECUTE ON ALL ROUTINES IN SCHEMA report TO stockdb_app;

    -- Analysts: the reports.
    GRANT USAGE ON SCHEMA report TO stockdb_analyst;
    GRANT SELECT ON ALL TABLES IN SCHEMA report TO stockdb_analyst;
    GRANT EXECUTE ON ALL ROUTINES IN SCHEMA report TO stockdb_analyst;

    -- Importers: what `stockdb import run|list|show|template` sends. The
    -- checks and the apply run inside staging.finish_batch, as its owner;
    -- a template --with-data reads through staging.export_rows.
    GRANT USAGE ON SCHEMA api, staging, catalog TO stockdb_importer;
    GRANT SELECT ON catalog.unit TO stockdb_importer;  -- the template's list of units
    GRANT EXECUTE ON FUNCTION api.set_context(uuid, uuid) TO stockdb_importer;
    GRANT EXECUTE ON FUNCTION
        staging.begin_batch(text, text, text, text, text[], text, boolean),
        staging.finish_batch(uuid),
        staging.allowed_values(text),
        staging.export_rows(text, text)
    TO stockdb_importer;
    GRANT SELECT ON staging.import_kind, staging.import_column, staging.import_batch, staging.import_error
    TO stockdb_importer;
    -- finish_batch keeps a batch's typed rows in a temporary table
    -- (staging.keep_source): granted, not left to PUBLIC's default, so a
    -- database whose TEMPORARY a DBA revoked from PUBLIC still imports.
    EXECUTE pg_catalog.format('GRANT TEMPORARY ON DATABASE %I TO stockdb_rls_exempt', pg_catalog.current_database());
    FOR v_object IN
        SELECT c.oid::regclass AS name
        FROM pg_catalog.pg_class AS c
        INNER JOIN pg_catalog.pg_namespace AS n ON c.relnamespace = n.oid
        WHERE n.nspname = 'staging' AND c.relkind = 'r' AND c.relname ~ '_row$'
    LOOP
        EXECUTE pg_catalog.format('GRANT INSERT ON %s TO stockdb_importer', v_object.name);
    END LOOP;

    -- The relay: the outbox and its functions, which run as the caller.
    GRANT USAGE ON SCHEMA audit TO stockdb_relay;
    GRANT SELECT, UPDATE ON audit.outbox TO stockdb_relay;
    GRANT EXECUTE ON FUNCTION
        audit.claim_outbox(integer),
        audit.mark_delivered(uuid[]),
        audit.mark_failed(uuid[], text),
        audit.park_outbox(uuid, text),
        audit.require_parked(uuid[]),
        audit.unpark_outbox(uuid[]),
        audit.parked_outbox(),
        audit.discard_parked_outbox(uuid[]),
        audit.outbox_status()
    TO stockdb_relay;

    -- Maintenance: the ops routines run as their caller (they commit between
    -- batches, which a SECURITY DEFINER procedure may not), so the group holds
    -- the rights those routines use. The exempt role's functions (a search,
    -- an import's checks and apply) reach the same tables and helpers.
    FOREACH v_schema IN ARRAY v_schemas LOOP
        CONTINUE WHEN v_schema = 'api';
        EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA %I TO stockdb_maintenance, stockdb_rls_exempt', v_schema);
        EXECUTE pg_catalog.format(
            'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I '
            'TO stockdb_maintenance, stockdb_rls_exempt', v_schema
        );
        EXECUTE pg_catalog.format(
            'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO stockdb_maintenance, stockdb_rls_exempt', v_schema
        );
        EXECUTE pg_catalog.format(
            'GRANT EXECUTE ON ALL ROUTINES IN SCHEMA %I TO stockdb_maintenance, stockdb_rls_exempt', v_schema
        );
    END LOOP;
    -- pg_partman: its maintenance runs as the ledger's owner (ATTACH
    -- PARTITION needs the parent's owner; ops.run_partition_maintenance is
    -- SECURITY DEFINER), so the owner may use partman's bookkeeping;
    -- maintenance may read it (ops.check_health).
    GRANT USAGE ON SCHEMA partman TO stockdb_owner, stockdb_maintenance;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA partman TO stockdb_owner;
    GRANT SELECT ON ALL TABLES IN SCHEMA partman TO stockdb_maintenance;
    -- Its materialised views are read only through the report views (owned
    -- by stockdb_owner) that filter them by tenant.
    FOR v_object IN
        SELECT c.oid::regclass AS name
        FROM pg_catalog.pg_class AS c
        INNER JOIN pg_catalog.pg_namespace AS n ON c.relnamespace = n.oid
        WHERE n.nspname = ANY (v_schemas) AND c.relkind = 'm'
    LOOP
        EXECUTE pg_catalog.format('GRANT SELECT ON %s TO stockdb_owner', v_object.name);
    END LOOP;
    -- The sellable stock is every tenant's (an exempt view): the stock alert
    -- judgement, which runs as the api's owner, and the report views of the
    -- owner that name the tenant read it.
    GRANT SELECT ON inventory.sellable_stock TO stockdb_owner;

    -- Routines made later start with no EXECUTE for PUBLIC.
    ALTER DEFAULT PRIVILEGES FOR ROLE stockdb_owner REVOKE EXECUTE ON ROUTINES FROM PUBLIC;
    ALTER DEFAULT PRIVILEGES FOR ROLE stockdb_maintenance REVOKE EXECUTE ON ROUTINES FROM PUBLIC;
    -- Only a superuser can do the above; the two get every other ops routine.
    REVOKE EXECUTE ON FUNCTION ops.apply_grants() FROM stockdb_maintenance, stockdb_rls_exempt;
END
$$;
COMMENT ON FUNCTION ops.apply_grants() IS
'Creates the stockdb_* group roles if missing, gives every object of ours to its owner (stockdb_owner; the '
'materialised views to stockdb_maintenance; the functions that filter by tenant themselves to '
'stockdb_rls_exempt) and grants each group exactly its list, revoking the rest. Idempotent; run by '
'sql/roles.sql and after a restore, as a superuser.';
