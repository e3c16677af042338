-- Suppliers as an application reads them: a supplier's id by its code, and
-- the version api.update_supplier and api.delete_supplier take.
CREATE OR REPLACE VIEW report.suppliers WITH (security_barrier = TRUE) AS
SELECT
    s.tenant_id,
    s.id AS supplier_id,
    s.code,
    s.name,
    s.email,
    s.phone,
    s.address,
    s.lead_time_days,
    s.active,
    s.version,
    s.created_at,
    s.updated_at
FROM procurement.supplier AS s
WHERE
    s.deleted_at IS NULL
    -- A partner sees its own supplier only, as it sees only that supplier's
    -- orders (sql/policies/partner_orders.sql). Here rather than a policy on
    -- the table: rolling back migration 0022 drops the column it would read.
    AND NOT EXISTS (
        SELECT 1 FROM auth.app_user AS u
        WHERE
            u.tenant_id = s.tenant_id
            AND u.id = nullif(current_setting('stockdb.user_id', TRUE), '')::uuid
            AND u.role = 'partner'
            AND u.supplier_id IS DISTINCT FROM s.id
    );

COMMENT ON VIEW report.suppliers IS
'The tenant''s suppliers that are not deleted, inactive ones included, with version (what '
'api.update_supplier and api.delete_supplier take). A partner sees its own supplier only.';
