-- Brings the planner's statistics up to date for an import: its staging rows,
-- which arrived in this very transaction, and the tables it looks rows up in,
-- when autovacuum has not caught up with a bulk change yet. Planned from
-- statistics taken while those tables were empty, a products source joined
-- every staging row with every product: an upsert of 100,000 products ran for
-- more than 5 minutes. A looked-up table is analysed when it changed by more
-- than autovacuum's own analyse threshold since it was last analysed. All of
-- it inside the import's transaction, so a rolled-back import leaves the
-- statistics as they were. SECURITY DEFINER because only a table's owner
-- (stockdb_owner) may analyse it, and finish_batch runs as stockdb_rls_exempt;
-- it takes an import kind, not a table, so it analyses nothing else.
CREATE OR REPLACE FUNCTION staging.refresh_statistics(kind text)
RETURNS text[]
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_table regclass := format('staging.%I', (staging.require_kind(refresh_statistics.kind)).row_table);
    v_analysed text[];
BEGIN
    EXECUTE format('ANALYZE %s', v_table);
    v_analysed := ARRAY[v_table::text];
    FOR v_table IN
        SELECT c.oid::regclass
        FROM pg_catalog.pg_class AS c
        JOIN pg_catalog.pg_stat_all_tables AS s ON s.relid = c.oid
        WHERE c.oid = ANY (ARRAY[
            'catalog.product', 'catalog.product_batch', 'catalog.product_category', 'warehouse.location',
            'procurement.supplier', 'procurement.purchase_order', 'sales.customer', 'inventory.inventory'
        ]::regclass[])
          AND s.n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float8
              + current_setting('autovacuum_analyze_scale_factor')::float8 * greatest(c.reltuples, 0)
        ORDER BY c.oid
    LOOP
        EXECUTE format('ANALYZE %s', v_table);
        v_analysed := v_analysed || v_table::text;
    END LOOP;
    RETURN v_analysed;
END
$$;
COMMENT ON FUNCTION staging.refresh_statistics(text) IS
'Analyses the staging table of an import kind and those of the tables imports look rows up in (products, batches, '
'categories, locations, suppliers, orders, customers, balances) whose changes since their last analyse '
'passed autovacuum''s threshold; returns the tables analysed. 22023 for an unknown kind.';
