-- depends: 0042_product_batch_version
-- Locations by spreadsheet: a warehouse's bins are set up by the hundred, and
-- the opening-stock import names them, so they came one api.create_location
-- call each. The kind's columns and rules are repeatable files
-- (sql/reference/import_column.sql, functions/staging/*_locations.sql);
-- this is its staging table, which COPY fills with the sheet's text.

-- squawk-ignore-file prefer-bigint-over-int, ban-drop-constraint, constraint-missing-not-valid
-- Waived: row_number is integer as in every other staging table (a sheet has at
-- most 1,048,576 rows); the value-list CHECK is replaced by a wider one on a
-- reference table of a few dozen rows, under the lock the migration holds.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE TABLE staging.location_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    warehouse text,
    code text,
    kind text,
    capacity text,
    active text,
    CONSTRAINT location_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number),
    CONSTRAINT location_row_batch_fkey FOREIGN KEY (tenant_id, batch_id)
    REFERENCES staging.import_batch (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE staging.location_row IS 'Raw rows of a locations import.';

-- A location's kind is a list in the template (a drop-down), as a unit is.
ALTER TABLE staging.import_column DROP CONSTRAINT import_column_value_list_check,
ADD CONSTRAINT import_column_value_list_check CHECK (value_list IN ('unit', 'boolean', 'location_kind'));
COMMENT ON COLUMN staging.import_column.value_list IS
'Allowed values come from staging.allowed_values(value_list): unit (catalog.unit), boolean or '
'location_kind (warehouse.location_kind).';
