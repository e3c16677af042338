-- squawk-ignore-file ban-drop-table, ban-drop-constraint, constraint-missing-not-valid
-- Undoing 0043 is the purpose of this file; it runs inside the migration transaction.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- The kind's batches go with its table (their rows and errors cascade), and
-- the kind with them: the next migrate writes the reference data again.
DELETE FROM staging.import_batch AS b WHERE b.kind = 'locations';
DELETE FROM staging.import_kind AS k WHERE k.kind = 'locations';
DROP TABLE staging.location_row;
ALTER TABLE staging.import_column DROP CONSTRAINT import_column_value_list_check,
ADD CONSTRAINT import_column_value_list_check CHECK (value_list IN ('unit', 'boolean'));
COMMENT ON COLUMN staging.import_column.value_list IS
'Allowed values come from staging.allowed_values(value_list): unit (catalog.unit) or boolean.';
