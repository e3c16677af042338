-- Carriers as an application reads them, with the version
-- api.update_carrier takes.
CREATE OR REPLACE VIEW report.carriers WITH (security_barrier = TRUE) AS
SELECT
    c.tenant_id,
    c.id AS carrier_id,
    c.code,
    c.name,
    c.tracking_url_template,
    c.active,
    c.version,
    c.created_at,
    c.updated_at
FROM logistics.carrier AS c;

COMMENT ON VIEW report.carriers IS
'The tenant''s carriers, inactive ones included, with version (what api.update_carrier takes); '
'api.ship_sales_order names a carrier by its code.';
