-- Rules of a locations import beyond single cells, the ones
-- api.create_location and api.update_location apply: a known warehouse,
-- active for a new location, a capacity above 0, a location once per file,
-- and in insert mode no existing location with other values.
CREATE OR REPLACE FUNCTION staging.check_locations(tenant_id uuid, batch_id uuid, mode text)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count integer;
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: location_source_rows (row_number integer, warehouse text, warehouse_id uuid, '
            'warehouse_active boolean, code text, location_id uuid, kind text, capacity numeric, '
            'active boolean, changed boolean)';
    PERFORM staging.keep_source('location_source', check_locations.tenant_id, check_locations.batch_id);
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_locations.tenant_id, check_locations.batch_id, s.row_number, e.column_name, e.value, e.reason
    FROM (
        SELECT s.*, min(s.row_number) OVER (PARTITION BY s.warehouse, s.code) AS first_row
        FROM pg_temp.location_source_rows AS s
    ) AS s
    CROSS JOIN LATERAL (VALUES
        ('warehouse', s.warehouse,
         CASE WHEN s.warehouse_id IS NULL THEN 'no warehouse with this code'
              WHEN s.location_id IS NULL AND NOT s.warehouse_active
                  THEN 'the warehouse is inactive: reactivate it before adding locations to it' END),
        ('code', s.code,
         CASE WHEN s.first_row <> s.row_number THEN format('same warehouse and code as row %s', s.first_row)
              WHEN check_locations.mode = 'insert' AND s.changed
                  THEN 'already exists with other values (use --mode upsert to change it)' END),
        ('capacity', trim_scale(s.capacity)::text, CASE WHEN s.capacity <= 0 THEN 'must be more than 0' END)
    ) AS e (column_name, value, reason)
    WHERE e.reason IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_locations.tenant_id AND x.batch_id = check_locations.batch_id
            AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION staging.check_locations(uuid, uuid, text) IS
'Records the row errors of a locations batch (unknown warehouse, an inactive one for a new location, '
'a location twice, capacity not above 0, an existing location with other values in insert mode) and '
'returns how many.';
