-- The advisory-lock key an import of a kind holds while it is checked and
-- applied, or NULL for the kinds that hold their warehouses' stock instead
-- (opening stock and cycle counts: inventory.lock_warehouse_stock). One key
-- per tenant for every other kind: an upsert of products or prices updates
-- its rows in the order of its file (or of a hash join), and so do imports of
-- categories, suppliers and customers, so two imports over the same rows in
-- two orders deadlocked; and an import checked while another was applying
-- judged a code new that the other then inserted (a raw 23505 at apply).
-- Imports are few and each is one bulk statement per table: taking them one
-- at a time costs nothing a user would see but the wait. Inlined.
CREATE OR REPLACE FUNCTION staging.import_lock_key(tenant_id uuid, kind text)
RETURNS bigint
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN import_lock_key.kind NOT IN ('opening_stock', 'cycle_counts')
            THEN pg_catalog.hashtextextended('imports/' || import_lock_key.tenant_id::text, 0)
    END
$$;
COMMENT ON FUNCTION staging.import_lock_key(uuid, text) IS
'The transaction-lock key staging.finish_batch holds while it checks and applies an import of KIND: '
'one per tenant for every kind but opening_stock and cycle_counts (which hold their warehouses), NULL '
'for those two.';
