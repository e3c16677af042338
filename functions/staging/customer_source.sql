-- A customers batch's rows typed and merged with the live customer of the
-- same code: columns the sheet lacks keep the supplier's values.
CREATE OR REPLACE FUNCTION staging.customer_source(tenant_id uuid, batch_id uuid)
RETURNS TABLE (
    row_number integer, code text, customer_id uuid, name text, email text, phone text, changed boolean
)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH batch AS (
        SELECT b.columns AS c FROM staging.import_batch AS b
        WHERE b.tenant_id = customer_source.tenant_id AND b.id = customer_source.batch_id
    ),
    typed AS (
        SELECT
            r.row_number, staging.to_text(r.code) AS code, s AS old,
            CASE WHEN 'name' = ANY (batch.c) OR s.id IS NULL THEN staging.to_text(r.name) ELSE s.name END AS name,
            CASE WHEN 'email' = ANY (batch.c) OR s.id IS NULL THEN staging.to_text(r.email) ELSE s.email END
                AS email,
            CASE WHEN 'phone' = ANY (batch.c) OR s.id IS NULL THEN staging.to_text(r.phone) ELSE s.phone END
                AS phone
        FROM staging.customer_row AS r
        CROSS JOIN batch
        LEFT JOIN sales.customer AS s
            ON s.tenant_id = r.tenant_id AND s.code = staging.to_text(r.code) AND s.deleted_at IS NULL
        WHERE r.tenant_id = customer_source.tenant_id AND r.batch_id = customer_source.batch_id
    )
    SELECT t.row_number, t.code, (t.old).id, t.name, t.email, t.phone,
           (t.old).id IS NOT NULL AND (t.name, t.email, t.phone)
           IS DISTINCT FROM ((t.old).name, (t.old).email, (t.old).phone)
    FROM typed AS t
$$;
COMMENT ON FUNCTION staging.customer_source(uuid, uuid) IS
'The rows of a customers batch typed and merged with the live customer of the same code; changed says '
'whether applying would alter it.';
