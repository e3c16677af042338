-- Warehouses as an application reads them, with the version
-- api.update_warehouse takes.
CREATE OR REPLACE VIEW report.warehouses WITH (security_barrier = TRUE) AS
SELECT
    w.tenant_id,
    w.id AS warehouse_id,
    w.code,
    w.name,
    w.address,
    w.timezone,
    w.active,
    w.version,
    w.created_at,
    w.updated_at
FROM warehouse.warehouse AS w;

COMMENT ON VIEW report.warehouses IS
'The tenant''s warehouses, inactive ones included, with version (what api.update_warehouse takes).';
