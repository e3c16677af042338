-- Applies a validated customers batch: changed customers updated, new codes inserted.
CREATE OR REPLACE FUNCTION staging.apply_customers(
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
    PERFORM 'PRAGMA:TABLE: customer_source_rows (row_number integer, code text, customer_id uuid, '
            'name text, email text, phone text, changed boolean)';
    PERFORM staging.keep_source(
        'customer_source', apply_customers.tenant_id, apply_customers.batch_id
    );
    UPDATE sales.customer AS p
    SET name = s.name, email = s.email, phone = s.phone
    FROM pg_temp.customer_source_rows AS s
    WHERE p.tenant_id = apply_customers.tenant_id AND p.id = s.customer_id AND s.changed
      AND apply_customers.mode = 'upsert';
    GET DIAGNOSTICS updated = ROW_COUNT;

    INSERT INTO sales.customer (tenant_id, code, name, email, phone)
    SELECT apply_customers.tenant_id, s.code, s.name, s.email, s.phone
    FROM pg_temp.customer_source_rows AS s
    WHERE s.customer_id IS NULL
    ORDER BY s.row_number;
    GET DIAGNOSTICS inserted = ROW_COUNT;

    SELECT count(*) INTO v_rows FROM staging.customer_row AS r
    WHERE r.tenant_id = apply_customers.tenant_id AND r.batch_id = apply_customers.batch_id;
    unchanged := v_rows - inserted - updated;
END
$$;
COMMENT ON FUNCTION staging.apply_customers(uuid, uuid, text) IS
'Writes a validated customers batch to sales.customer (updates changed codes in upsert mode, '
'inserts new ones) and returns the counts.';
