-- depends: 0060_tenant_name_length
-- A name could begin or end with blanks through the api: api.create_product
-- stored ' Widget ', which reads, sorts and searches as another 'Widget', and
-- which no sheet can name, since the import trims its cells. A category's
-- name already refused them (product_category_name_path_check); these CHECKs
-- hold the other names people type to the same, and the api says so first
-- (ops.require_trimmed, 22023 `name cannot begin or end with a blank`).
-- Blanks are spaces, as btrim and the import count them.
--
-- A stored name with blanks around it is the owner's to trim (another row
-- may hold the trimmed name), so the migration stops and counts them.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DO $$
DECLARE
    v_found text;
BEGIN
    SELECT string_agg(format('%s %s', t.n, t.what), ', ' ORDER BY t.what)
    INTO v_found
    FROM (
        SELECT 'catalog.product name with blanks around it' AS what, count(*) AS n FROM catalog.product WHERE name <> btrim(name)
        UNION ALL
        SELECT 'warehouse.warehouse name with blanks around it', count(*) FROM warehouse.warehouse WHERE name <> btrim(name)
        UNION ALL
        SELECT 'procurement.supplier name with blanks around it', count(*) FROM procurement.supplier WHERE name <> btrim(name)
        UNION ALL
        SELECT 'sales.customer name with blanks around it', count(*) FROM sales.customer WHERE name <> btrim(name)
        UNION ALL
        SELECT 'logistics.carrier name with blanks around it', count(*) FROM logistics.carrier WHERE name <> btrim(name)
        UNION ALL
        SELECT 'auth.tenant name with blanks around it', count(*) FROM auth.tenant WHERE name <> btrim(name)
        UNION ALL
        SELECT 'auth.app_user display_name with blanks around it', count(*) FROM auth.app_user WHERE display_name <> btrim(display_name)
    ) AS t
    WHERE t.n > 0;
    IF v_found IS NOT NULL THEN
        RAISE EXCEPTION 'stored names begin or end with blanks, which stockdb no longer allows'
        USING ERRCODE = '23514', DETAIL = format('Found %s.', v_found),
        HINT = 'Trim them (UPDATE … SET name = btrim(name) WHERE name <> btrim(name)), then run the migration again.';
    END IF;
END
$$;

ALTER TABLE catalog.product ADD CONSTRAINT product_name_trimmed_check
CHECK (name = btrim(name)) NOT VALID;
-- One transaction runs the whole migrate, so the VALIDATE holds the ADD's lock.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product VALIDATE CONSTRAINT product_name_trimmed_check;

ALTER TABLE warehouse.warehouse ADD CONSTRAINT warehouse_name_trimmed_check
CHECK (name = btrim(name)) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE warehouse.warehouse VALIDATE CONSTRAINT warehouse_name_trimmed_check;

ALTER TABLE procurement.supplier ADD CONSTRAINT supplier_name_trimmed_check
CHECK (name = btrim(name)) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE procurement.supplier VALIDATE CONSTRAINT supplier_name_trimmed_check;

ALTER TABLE sales.customer ADD CONSTRAINT customer_name_trimmed_check
CHECK (name = btrim(name)) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE sales.customer VALIDATE CONSTRAINT customer_name_trimmed_check;

ALTER TABLE logistics.carrier ADD CONSTRAINT carrier_name_trimmed_check
CHECK (name = btrim(name)) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE logistics.carrier VALIDATE CONSTRAINT carrier_name_trimmed_check;

ALTER TABLE auth.tenant ADD CONSTRAINT tenant_name_trimmed_check
CHECK (name = btrim(name)) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE auth.tenant VALIDATE CONSTRAINT tenant_name_trimmed_check;

ALTER TABLE auth.app_user ADD CONSTRAINT app_user_display_name_trimmed_check
CHECK (display_name = btrim(display_name)) NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE auth.app_user VALIDATE CONSTRAINT app_user_display_name_trimmed_check;
