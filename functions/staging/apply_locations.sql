-- Applies a validated locations batch: changed locations updated, new ones inserted.
CREATE OR REPLACE FUNCTION staging.apply_locations(
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
    PERFORM 'PRAGMA:TABLE: location_source_rows (row_number integer, warehouse text, warehouse_id uuid, '
            'warehouse_active boolean, code text, location_id uuid, kind text, capacity numeric, '
            'active boolean, changed boolean)';
    PERFORM staging.keep_source('location_source', apply_locations.tenant_id, apply_locations.batch_id);
    UPDATE warehouse.location AS l
    SET kind = s.kind::warehouse.location_kind, capacity = s.capacity, active = s.active
    FROM pg_temp.location_source_rows AS s
    WHERE l.tenant_id = apply_locations.tenant_id AND l.id = s.location_id AND s.changed
      AND apply_locations.mode = 'upsert';
    GET DIAGNOSTICS updated = ROW_COUNT;

    INSERT INTO warehouse.location (tenant_id, warehouse_id, code, kind, capacity, active)
    SELECT apply_locations.tenant_id, s.warehouse_id, s.code, s.kind::warehouse.location_kind, s.capacity, s.active
    FROM pg_temp.location_source_rows AS s
    WHERE s.location_id IS NULL
    ORDER BY s.row_number;
    GET DIAGNOSTICS inserted = ROW_COUNT;

    SELECT count(*) INTO v_rows FROM staging.location_row AS r
    WHERE r.tenant_id = apply_locations.tenant_id AND r.batch_id = apply_locations.batch_id;
    unchanged := v_rows - inserted - updated;
END
$$;
COMMENT ON FUNCTION staging.apply_locations(uuid, uuid, text) IS
'Writes a validated locations batch to warehouse.location (updates changed locations in upsert mode, '
'inserts new ones) and returns the counts.';
