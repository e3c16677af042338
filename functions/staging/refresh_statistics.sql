-- Brings the planner's statistics up to date for an import: its staging rows,
-- which arrived in this very transaction, and the tables it looks rows up in,
-- when autovacuum has not caught up with a bulk change yet. Planned from
-- statistics taken while those tables were empty, a products source joined
-- every staging row with every product: an upsert of 100,000 products ran for
-- more than 5 minutes. All of it inside the import's transaction, so a
-- rolled-back import leaves the statistics as they were. SECURITY DEFINER
-- because only a table's owner (stockdb_owner) may analyse it, and
-- finish_batch runs as stockdb_rls_exempt; it takes an import kind, not a
-- table, so it analyses nothing else.
-- Only what is off by more than autovacuum's own analyse threshold: the
-- staging table when its rows added since its last analyse (this batch's
-- included) pass it, a looked-up table when its size does. An ANALYZE holds a
-- lock until the import commits, and a second ANALYZE of the table waits for
-- it: analysing every time made imports of a kind run one after the other
-- from their validation to their commit, and every import under a live load
-- analyse the balances (whose updates alone pass the threshold) and wait for
-- the others' (a 3-row cycle count took 1.1 s at 32 clients).
-- A looked-up table's size counts this transaction's own rows: an import of
-- opening stock calls it again once it has created its batches, which the
-- ledger's triggers then look up (planned for the few batches an empty table
-- is guessed to hold, the alert judgement scanned every batch of the tenant
-- for each row: 500 s for 100,000 rows, against 11 s).
CREATE OR REPLACE FUNCTION staging.refresh_statistics(kind text)
RETURNS text[]
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_staging regclass := format('staging.%I', (staging.require_kind(refresh_statistics.kind)).row_table);
    v_table regclass;
    v_analysed text[] := '{}';
    -- What this transaction analysed already, each as oid:inserted:deleted
    -- at the time: in the transaction the statistics counters still show
    -- the rows ANALYZE has just counted as changes, so a second call (an
    -- opening-stock import's, after its batches) analysed the staging
    -- table and the rest again for nothing.
    v_taken text[] := string_to_array(nullif(current_setting('stockdb.statistics_taken', true), ''), ',');
    v_mark text;
BEGIN
    FOR v_table, v_mark IN
        SELECT c.oid::regclass, m.mark
        FROM pg_catalog.pg_class AS c
        JOIN pg_catalog.pg_stat_all_tables AS s ON s.relid = c.oid
        CROSS JOIN LATERAL (
            SELECT current_setting('autovacuum_analyze_threshold')::float8
                   + current_setting('autovacuum_analyze_scale_factor')::float8 * greatest(c.reltuples, 0)
                       AS threshold
        ) AS t
        CROSS JOIN LATERAL (
            SELECT format('%s:%s:%s', c.oid, pg_stat_get_xact_tuples_inserted(c.oid),
                          pg_stat_get_xact_tuples_deleted(c.oid)) AS mark
        ) AS m
        WHERE m.mark <> ALL (coalesce(v_taken, '{}'))
          AND (
              c.oid = v_staging
              AND s.n_mod_since_analyze + pg_stat_get_xact_tuples_inserted(c.oid) > t.threshold
           OR c.oid = ANY (ARRAY[
                  'catalog.product', 'catalog.product_batch', 'catalog.product_category', 'warehouse.location',
                  'procurement.supplier', 'procurement.purchase_order', 'sales.customer', 'inventory.inventory'
              ]::regclass[])
              AND abs(
                  s.n_live_tup + pg_stat_get_xact_tuples_inserted(c.oid) - pg_stat_get_xact_tuples_deleted(c.oid)
                  - greatest(c.reltuples, 0)
              ) > t.threshold
          )
        ORDER BY c.oid
    LOOP
        EXECUTE format('ANALYZE %s', v_table);
        v_analysed := v_analysed || v_table::text;
        v_taken := coalesce(v_taken, '{}') || v_mark;
    END LOOP;
    PERFORM set_config('stockdb.statistics_taken', array_to_string(v_taken, ','), true);
    RETURN v_analysed;
END
$$;
COMMENT ON FUNCTION staging.refresh_statistics(text) IS
'Analyses the staging table of an import kind when the rows added to it since its last analyse (this '
'transaction''s included) pass autovacuum''s analyse threshold, and those of the tables imports look rows '
'up in (products, batches, categories, locations, suppliers, orders, customers, balances) whose size, this '
'transaction''s rows included, has moved past it; returns the tables analysed. 22023 for an unknown kind.';
