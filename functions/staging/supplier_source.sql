-- A suppliers batch's rows typed and merged with the live supplier of the
-- same code: columns the sheet lacks keep the supplier's values.
CREATE OR REPLACE FUNCTION staging.supplier_source(tenant_id uuid, batch_id uuid)
RETURNS TABLE (
    row_number integer, code text, supplier_id uuid, name text, email text, phone text,
    lead_time_days integer, changed boolean
)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH batch AS (
        SELECT b.columns AS c FROM staging.import_batch AS b
        WHERE b.tenant_id = supplier_source.tenant_id AND b.id = supplier_source.batch_id
    ),
    typed AS (
        SELECT
            r.row_number, staging.to_text(r.code) AS code, s AS old,
            CASE WHEN 'name' = ANY (batch.c) OR s.id IS NULL THEN staging.to_text(r.name) ELSE s.name END AS name,
            CASE WHEN 'email' = ANY (batch.c) OR s.id IS NULL THEN staging.to_text(r.email) ELSE s.email END
                AS email,
            CASE WHEN 'phone' = ANY (batch.c) OR s.id IS NULL THEN staging.to_text(r.phone) ELSE s.phone END
                AS phone,
            CASE WHEN 'lead_time_days' = ANY (batch.c) OR s.id IS NULL
                THEN staging.to_integer(r.lead_time_days)::integer ELSE s.lead_time_days END AS lead_time_days
        FROM staging.supplier_row AS r
        CROSS JOIN batch
        LEFT JOIN procurement.supplier AS s
            ON s.tenant_id = r.tenant_id AND s.code = staging.to_text(r.code) AND s.deleted_at IS NULL
        WHERE r.tenant_id = supplier_source.tenant_id AND r.batch_id = supplier_source.batch_id
    )
    SELECT t.row_number, t.code, (t.old).id, t.name, t.email, t.phone, t.lead_time_days,
           (t.old).id IS NOT NULL AND (t.name, t.email, t.phone, t.lead_time_days)
           IS DISTINCT FROM ((t.old).name, (t.old).email, (t.old).phone, (t.old).lead_time_days)
    FROM typed AS t
$$;
COMMENT ON FUNCTION staging.supplier_source(uuid, uuid) IS
'The rows of a suppliers batch typed and merged with the live supplier of the same code; changed says '
'whether applying would alter it.';
