-- depends: 0005_inventory
-- Suppliers and purchase orders.

-- squawk-ignore-file prefer-bigint-over-int, prefer-bigint-over-smallint, ban-char-field
-- Waived: int and smallint columns here are versions, day counts, depths and
-- decimal places, never ids, and cannot approach their limits; char(3) is the
-- ISO 4217 currency code DESIGN.md's contract names, held to [A-Z]{3} by CHECK.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE TYPE procurement.po_status AS ENUM ('draft', 'ordered', 'partial', 'received', 'cancelled');
COMMENT ON TYPE procurement.po_status IS
'draft → ordered → partial → received, or cancelled; ops.status_transition lists the allowed steps.';

CREATE TABLE procurement.supplier (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    code text NOT NULL,
    name text NOT NULL,
    email text,
    phone text,
    address jsonb NOT NULL DEFAULT '{}',
    lead_time_days integer,
    active boolean NOT NULL DEFAULT TRUE,
    deleted_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT supplier_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT supplier_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant (id),
    CONSTRAINT supplier_code_check CHECK (code ~ '^[[:graph:]]{1,32}$'),
    CONSTRAINT supplier_name_check CHECK (btrim(name) <> ''),
    CONSTRAINT supplier_email_check CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    CONSTRAINT supplier_address_check CHECK (jsonb_typeof(address) = 'object'),
    CONSTRAINT supplier_lead_time_days_check CHECK (lead_time_days BETWEEN 0 AND 3650),
    CONSTRAINT supplier_version_check CHECK (version > 0)
);
COMMENT ON TABLE procurement.supplier IS 'Who a tenant buys from; soft-deleted with deleted_at.';
COMMENT ON COLUMN procurement.supplier.lead_time_days IS
'Typical days from order to receipt; a product''s own lead time wins when set.';

CREATE UNIQUE INDEX supplier_code_live_key ON procurement.supplier (tenant_id, code) WHERE deleted_at IS NULL;

CREATE TABLE procurement.purchase_order (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    number text NOT NULL,
    supplier_id uuid NOT NULL,
    status procurement.po_status NOT NULL DEFAULT 'draft',
    currency char(3) NOT NULL,
    total_minor bigint NOT NULL DEFAULT 0,
    notes text,
    ordered_at timestamptz,
    expected_at timestamptz,
    received_at timestamptz,
    cancelled_at timestamptz,
    created_by uuid,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT purchase_order_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT purchase_order_supplier_fkey FOREIGN KEY (tenant_id, supplier_id)
    REFERENCES procurement.supplier (tenant_id, id),
    CONSTRAINT purchase_order_created_by_fkey FOREIGN KEY (tenant_id, created_by)
    REFERENCES auth.app_user (tenant_id, id),
    CONSTRAINT purchase_order_number_key UNIQUE (tenant_id, number),
    CONSTRAINT purchase_order_number_check CHECK (number ~ '^[[:graph:]]{1,40}$'),
    CONSTRAINT purchase_order_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT purchase_order_total_check CHECK (total_minor >= 0),
    CONSTRAINT purchase_order_ordered_at_check CHECK (ordered_at >= created_at),
    CONSTRAINT purchase_order_expected_at_check CHECK (expected_at >= ordered_at),
    CONSTRAINT purchase_order_received_at_check CHECK (received_at >= ordered_at),
    CONSTRAINT purchase_order_ordered_status_check CHECK (
        (status = 'draft') = (ordered_at IS NULL) OR status = 'cancelled'
    ),
    CONSTRAINT purchase_order_received_status_check CHECK ((status = 'received') = (received_at IS NOT NULL)),
    CONSTRAINT purchase_order_cancelled_status_check CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
    CONSTRAINT purchase_order_version_check CHECK (version > 0)
);
COMMENT ON TABLE procurement.purchase_order IS
'An order to a supplier; total_minor is kept equal to the sum of its lines by trigger.';
COMMENT ON COLUMN procurement.purchase_order.total_minor IS 'Sum of line totals, in minor units of currency.';
COMMENT ON COLUMN procurement.purchase_order.expected_at IS 'When the supplier promised delivery.';

CREATE INDEX purchase_order_supplier_idx ON procurement.purchase_order (tenant_id, supplier_id);
CREATE INDEX purchase_order_open_idx ON procurement.purchase_order (tenant_id, status)
WHERE status IN ('ordered', 'partial');

CREATE TABLE procurement.purchase_order_item (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    purchase_order_id uuid NOT NULL,
    product_id uuid NOT NULL,
    quantity_ordered numeric(14, 3) NOT NULL,
    quantity_received numeric(14, 3) NOT NULL DEFAULT 0,
    unit_cost_minor bigint NOT NULL,
    line_total_minor bigint GENERATED ALWAYS AS (round(quantity_ordered * unit_cost_minor)::bigint) STORED,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT purchase_order_item_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT purchase_order_item_order_fkey FOREIGN KEY (tenant_id, purchase_order_id)
    REFERENCES procurement.purchase_order (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT purchase_order_item_product_fkey FOREIGN KEY (tenant_id, product_id)
    REFERENCES catalog.product (tenant_id, id),
    CONSTRAINT purchase_order_item_quantity_ordered_check CHECK (quantity_ordered > 0),
    CONSTRAINT purchase_order_item_quantity_received_check CHECK (
        quantity_received >= 0 AND quantity_received <= quantity_ordered
    ),
    CONSTRAINT purchase_order_item_unit_cost_check CHECK (unit_cost_minor >= 0)
);
COMMENT ON TABLE procurement.purchase_order_item IS 'A line of a purchase order; received in one or more parts.';
COMMENT ON COLUMN procurement.purchase_order_item.line_total_minor IS
'quantity_ordered × unit_cost_minor, rounded to the minor unit.';

CREATE INDEX purchase_order_item_order_idx ON procurement.purchase_order_item (tenant_id, purchase_order_id);
CREATE INDEX purchase_order_item_product_idx ON procurement.purchase_order_item (tenant_id, product_id);
