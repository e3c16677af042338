-- depends: 0016_maintenance_run_retention
-- XLSX import: batches, the raw rows of each kind as text, and one error row
-- per failing cell. Rows arrive by COPY exactly as the sheet had them; all
-- typing and checking happens in SQL (staging.validate_batch), so what a
-- cell may hold is decided in one place.

-- squawk-ignore-file prefer-bigint-over-int, prefer-bigint-over-smallint
-- Waived: int columns here are row numbers and counts within one sheet
-- (at most 1,048,576 rows), smallint the position of a column.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE TYPE staging.batch_status AS ENUM ('loading', 'rejected', 'validated', 'applied', 'failed');
COMMENT ON TYPE staging.batch_status IS
'loading while rows arrive; then rejected (cell errors, nothing applied), validated (a dry run '
'without errors), applied, or failed (the apply raised; nothing applied).';

CREATE TABLE staging.import_kind (
    kind text NOT NULL,
    row_table text NOT NULL,
    description text NOT NULL,
    natural_key text[] NOT NULL,
    modes text[] NOT NULL,
    CONSTRAINT import_kind_pkey PRIMARY KEY (kind),
    CONSTRAINT import_kind_kind_check CHECK (kind ~ '^[a-z_]{1,40}$'),
    CONSTRAINT import_kind_row_table_check CHECK (row_table ~ '^[a-z_]{1,60}$'),
    CONSTRAINT import_kind_modes_check CHECK (modes <@ ARRAY['insert', 'upsert'] AND cardinality(modes) > 0)
);
COMMENT ON TABLE staging.import_kind IS
'What can be imported: each kind''s staging table (in schema staging), the columns that identify '
'a row inside a file, and the modes it supports. Reference data, kept by sql/reference.';

CREATE TABLE staging.import_column (
    kind text NOT NULL,
    column_name text NOT NULL,
    position smallint NOT NULL,
    data_type text NOT NULL,
    required boolean NOT NULL DEFAULT FALSE,
    max_length integer,
    pattern text,
    value_list text,
    description text NOT NULL,
    example text,
    CONSTRAINT import_column_pkey PRIMARY KEY (kind, column_name),
    CONSTRAINT import_column_position_key UNIQUE (kind, position),
    CONSTRAINT import_column_kind_fkey FOREIGN KEY (kind) REFERENCES staging.import_kind (kind)
    ON DELETE CASCADE,
    CONSTRAINT import_column_name_check CHECK (column_name ~ '^[a-z][a-z0-9_]{0,62}$'),
    CONSTRAINT import_column_data_type_check CHECK (
        data_type IN ('text', 'integer', 'decimal', 'date', 'boolean', 'currency')
    ),
    CONSTRAINT import_column_max_length_check CHECK (max_length > 0),
    CONSTRAINT import_column_value_list_check CHECK (value_list IN ('unit', 'boolean'))
);
COMMENT ON TABLE staging.import_column IS
'The columns of each import kind in template order: type, whether required, length, pattern and '
'the list of allowed values (templates offer it as a drop-down). Reference data, kept by sql/reference.';
COMMENT ON COLUMN staging.import_column.value_list IS
'Allowed values come from staging.allowed_values(value_list): unit (catalog.unit) or boolean.';
COMMENT ON COLUMN staging.import_column.pattern IS
'A regular expression the whole cell must match, mirroring the target table''s CHECK so the '
'error names the cell instead of failing the whole apply.';

CREATE TABLE staging.import_batch (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    kind text NOT NULL,
    file_name text NOT NULL,
    file_checksum text NOT NULL,
    sheet_name text NOT NULL,
    columns text[] NOT NULL,
    mode text NOT NULL,
    dry_run boolean NOT NULL DEFAULT FALSE,
    status staging.batch_status NOT NULL DEFAULT 'loading',
    row_count integer NOT NULL DEFAULT 0,
    error_count integer NOT NULL DEFAULT 0,
    inserted integer NOT NULL DEFAULT 0,
    updated integer NOT NULL DEFAULT 0,
    unchanged integer NOT NULL DEFAULT 0,
    failure jsonb,
    created_by uuid,
    database_role text NOT NULL DEFAULT session_user,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    CONSTRAINT import_batch_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT import_batch_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant (id),
    CONSTRAINT import_batch_kind_fkey FOREIGN KEY (kind) REFERENCES staging.import_kind (kind),
    CONSTRAINT import_batch_created_by_fkey FOREIGN KEY (tenant_id, created_by)
    REFERENCES auth.app_user (tenant_id, id),
    CONSTRAINT import_batch_checksum_check CHECK (file_checksum ~ '^[0-9a-f]{64}$'),
    CONSTRAINT import_batch_file_name_check CHECK (btrim(file_name) <> ''),
    CONSTRAINT import_batch_mode_check CHECK (mode IN ('insert', 'upsert')),
    CONSTRAINT import_batch_counts_check CHECK (
        row_count >= 0 AND error_count >= 0 AND inserted >= 0 AND updated >= 0 AND unchanged >= 0
    ),
    CONSTRAINT import_batch_finished_check CHECK ((status = 'loading') = (finished_at IS NULL)),
    CONSTRAINT import_batch_failure_check CHECK ((status = 'failed') = (failure IS NOT NULL))
);
COMMENT ON TABLE staging.import_batch IS
'One import of one sheet: where it came from (file name, SHA-256, sheet), how it was asked for '
'(kind, mode, dry run), by whom, and how it ended with its counts.';
COMMENT ON COLUMN staging.import_batch.columns IS
'The columns the sheet had; an upsert leaves the others as they are.';
COMMENT ON COLUMN staging.import_batch.created_by IS 'The app user in the context (stockdb.user_id), if any.';
COMMENT ON COLUMN staging.import_batch.database_role IS 'The role that logged in to run the import.';
COMMENT ON COLUMN staging.import_batch.failure IS
'For a failed apply: the SQLSTATE, message, detail and hint it raised.';

-- A file is applied at most once per kind: re-importing it finds this row.
CREATE UNIQUE INDEX import_batch_applied_key ON staging.import_batch (tenant_id, kind, file_checksum)
WHERE status = 'applied';
CREATE INDEX import_batch_started_idx ON staging.import_batch (tenant_id, started_at);

CREATE TABLE staging.import_error (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    row_number integer,
    column_name text,
    value text,
    reason text NOT NULL,
    CONSTRAINT import_error_pkey PRIMARY KEY (tenant_id, batch_id, id),
    CONSTRAINT import_error_batch_fkey FOREIGN KEY (tenant_id, batch_id)
    REFERENCES staging.import_batch (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX import_error_row_idx ON staging.import_error (tenant_id, batch_id, row_number);
COMMENT ON TABLE staging.import_error IS
'Why a batch was rejected: one row per failing cell (row_number as in the sheet, 1 = header), '
'or with row_number NULL for the file as a whole.';

-- The raw rows, one table per kind, every cell as text. The key is the
-- sheet's own row number, so errors point back at the spreadsheet.

CREATE TABLE staging.category_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    path text,
    CONSTRAINT category_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number),
    CONSTRAINT category_row_batch_fkey FOREIGN KEY (tenant_id, batch_id)
    REFERENCES staging.import_batch (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE staging.category_row IS 'Raw rows of a categories import.';

CREATE TABLE staging.product_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    sku text,
    name text,
    description text,
    category text,
    unit text,
    barcode text,
    unit_price_minor text,
    currency text,
    min_stock_level text,
    reorder_point text,
    safety_stock_level text,
    max_stock_level text,
    lead_time_days text,
    hs_code text,
    country_of_origin text,
    active text,
    CONSTRAINT product_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number),
    CONSTRAINT product_row_batch_fkey FOREIGN KEY (tenant_id, batch_id)
    REFERENCES staging.import_batch (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE staging.product_row IS 'Raw rows of a products import.';

CREATE TABLE staging.supplier_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    code text,
    name text,
    email text,
    phone text,
    lead_time_days text,
    CONSTRAINT supplier_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number),
    CONSTRAINT supplier_row_batch_fkey FOREIGN KEY (tenant_id, batch_id)
    REFERENCES staging.import_batch (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE staging.supplier_row IS 'Raw rows of a suppliers import.';

CREATE TABLE staging.customer_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    code text,
    name text,
    email text,
    phone text,
    CONSTRAINT customer_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number),
    CONSTRAINT customer_row_batch_fkey FOREIGN KEY (tenant_id, batch_id)
    REFERENCES staging.import_batch (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE staging.customer_row IS 'Raw rows of a customers import.';

CREATE TABLE staging.opening_stock_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    sku text,
    warehouse text,
    location text,
    quantity text,
    batch_number text,
    manufacture_date text,
    expiry_date text,
    unit_cost_minor text,
    currency text,
    CONSTRAINT opening_stock_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number),
    CONSTRAINT opening_stock_row_batch_fkey FOREIGN KEY (tenant_id, batch_id)
    REFERENCES staging.import_batch (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE staging.opening_stock_row IS 'Raw rows of an opening-stock import.';

CREATE TABLE staging.purchase_order_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    po_number text,
    supplier text,
    currency text,
    expected_date text,
    sku text,
    quantity text,
    unit_cost_minor text,
    notes text,
    CONSTRAINT purchase_order_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number),
    CONSTRAINT purchase_order_row_batch_fkey FOREIGN KEY (tenant_id, batch_id)
    REFERENCES staging.import_batch (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE staging.purchase_order_row IS 'Raw rows of a purchase-orders import: one row per line.';

CREATE TABLE staging.cycle_count_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    sku text,
    warehouse text,
    location text,
    batch_number text,
    counted_quantity text,
    reason text,
    CONSTRAINT cycle_count_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number),
    CONSTRAINT cycle_count_row_batch_fkey FOREIGN KEY (tenant_id, batch_id)
    REFERENCES staging.import_batch (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE staging.cycle_count_row IS 'Raw rows of a cycle-counts import.';

CREATE TABLE staging.price_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    sku text,
    unit_price_minor text,
    currency text,
    CONSTRAINT price_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number),
    CONSTRAINT price_row_batch_fkey FOREIGN KEY (tenant_id, batch_id)
    REFERENCES staging.import_batch (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE staging.price_row IS 'Raw rows of a price-update import.';
