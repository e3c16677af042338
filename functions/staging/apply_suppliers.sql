-- Applies a validated suppliers batch: changed suppliers updated, new codes inserted.
CREATE OR REPLACE FUNCTION staging.apply_suppliers(
    tenant_id uuid, batch_id uuid, mode text,
    OUT inserted integer, OUT updated integer, OUT unchanged integer
)
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_rows integer;
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: supplier_source_rows (row_number integer, code text, supplier_id uuid, '
            'name text, email text, phone text, lead_time_days integer, changed boolean)';
    PERFORM staging.keep_source(
        'supplier_source', apply_suppliers.tenant_id, apply_suppliers.batch_id
    );
    UPDATE procurement.supplier AS p
    SET name = s.name, email = s.email, phone = s.phone, lead_time_days = s.lead_time_days
    FROM pg_temp.supplier_source_rows AS s
    WHERE p.tenant_id = apply_suppliers.tenant_id AND p.id = s.supplier_id AND s.changed
      AND apply_suppliers.mode = 'upsert';
    GET DIAGNOSTICS updated = ROW_COUNT;

    INSERT INTO procurement.supplier (tenant_id, code, name, email, phone, lead_time_days)
    SELECT apply_suppliers.tenant_id, s.code, s.name, s.email, s.phone, s.lead_time_days
    FROM pg_temp.supplier_source_rows AS s
    WHERE s.supplier_id IS NULL
    ORDER BY s.row_number;
    GET DIAGNOSTICS inserted = ROW_COUNT;

    SELECT count(*) INTO v_rows FROM staging.supplier_row AS r
    WHERE r.tenant_id = apply_suppliers.tenant_id AND r.batch_id = apply_suppliers.batch_id;
    unchanged := v_rows - inserted - updated;
END
$$;
COMMENT ON FUNCTION staging.apply_suppliers(uuid, uuid, text) IS
'Writes a validated suppliers batch to procurement.supplier (updates changed codes in upsert mode, '
'inserts new ones) and returns the counts.';
