-- A locations batch's rows typed and merged with the location of the same
-- warehouse and code: columns the sheet lacks keep the location's values.
CREATE OR REPLACE FUNCTION staging.location_source(tenant_id uuid, batch_id uuid)
RETURNS TABLE (
    row_number integer, warehouse text, warehouse_id uuid, warehouse_active boolean, code text,
    location_id uuid, kind text, capacity numeric, active boolean, changed boolean
)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH batch AS (
        SELECT b.columns AS c FROM staging.import_batch AS b
        WHERE b.tenant_id = location_source.tenant_id AND b.id = location_source.batch_id
    ),
    typed AS (
        SELECT
            r.row_number, staging.to_text(r.warehouse) AS warehouse, w.id AS warehouse_id,
            w.active AS warehouse_active, staging.to_text(r.code) AS code, l AS old,
            CASE WHEN 'kind' = ANY (batch.c) OR l.id IS NULL
                THEN coalesce(lower(staging.to_text(r.kind)), 'storage') ELSE l.kind::text END AS kind,
            CASE WHEN 'capacity' = ANY (batch.c) OR l.id IS NULL
                THEN staging.to_decimal(r.capacity) ELSE l.capacity END AS capacity,
            CASE WHEN 'active' = ANY (batch.c) OR l.id IS NULL
                THEN coalesce(staging.to_boolean(r.active), TRUE) ELSE l.active END AS active
        FROM staging.location_row AS r
        CROSS JOIN batch
        LEFT JOIN warehouse.warehouse AS w ON w.tenant_id = r.tenant_id AND w.code = staging.to_text(r.warehouse)
        LEFT JOIN warehouse.location AS l
            ON l.tenant_id = r.tenant_id AND l.warehouse_id = w.id AND l.code = staging.to_text(r.code)
        WHERE r.tenant_id = location_source.tenant_id AND r.batch_id = location_source.batch_id
    )
    SELECT t.row_number, t.warehouse, t.warehouse_id, t.warehouse_active, t.code, (t.old).id, t.kind,
           t.capacity, t.active,
           (t.old).id IS NOT NULL
           AND (t.kind, t.capacity, t.active) IS DISTINCT FROM ((t.old).kind::text, (t.old).capacity, (t.old).active)
    FROM typed AS t
$$;
COMMENT ON FUNCTION staging.location_source(uuid, uuid) IS
'The rows of a locations batch typed, with the warehouse they name and the location of that code in it; '
'changed says whether applying would alter that location.';
