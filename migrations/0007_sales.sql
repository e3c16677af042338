-- depends: 0006_procurement
-- Customers and sales orders.

-- squawk-ignore-file prefer-bigint-over-int, prefer-bigint-over-smallint, ban-char-field
-- Waived: int and smallint columns here are versions, day counts, depths and
-- decimal places, never ids, and cannot approach their limits; char(3) is the
-- ISO 4217 currency code DESIGN.md's contract names, held to [A-Z]{3} by CHECK.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE TYPE sales.order_status AS ENUM ('pending', 'approved', 'processing', 'shipped', 'closed', 'cancelled');
COMMENT ON TYPE sales.order_status IS
'pending → approved → processing → shipped → closed, or cancelled before shipping; '
'ops.status_transition lists the allowed steps.';

CREATE TABLE sales.customer (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    code text NOT NULL,
    name text NOT NULL,
    email text,
    phone text,
    billing_address jsonb NOT NULL DEFAULT '{}',
    shipping_address jsonb NOT NULL DEFAULT '{}',
    active boolean NOT NULL DEFAULT TRUE,
    deleted_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT customer_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT customer_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant (id),
    CONSTRAINT customer_code_check CHECK (code ~ '^[[:graph:]]{1,32}$'),
    CONSTRAINT customer_name_check CHECK (btrim(name) <> ''),
    CONSTRAINT customer_email_check CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    CONSTRAINT customer_billing_address_check CHECK (jsonb_typeof(billing_address) = 'object'),
    CONSTRAINT customer_shipping_address_check CHECK (jsonb_typeof(shipping_address) = 'object'),
    CONSTRAINT customer_version_check CHECK (version > 0)
);
COMMENT ON TABLE sales.customer IS 'Who a tenant sells to; soft-deleted with deleted_at.';
COMMENT ON COLUMN sales.customer.shipping_address IS
'Default delivery address as a JSON object (line1, city, postcode, country, …).';

CREATE UNIQUE INDEX customer_code_live_key ON sales.customer (tenant_id, code) WHERE deleted_at IS NULL;
CREATE INDEX customer_email_idx ON sales.customer (tenant_id, lower(email)) WHERE email IS NOT NULL;

CREATE TABLE sales.sales_order (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    number text NOT NULL,
    customer_id uuid NOT NULL,
    status sales.order_status NOT NULL DEFAULT 'pending',
    currency char(3) NOT NULL,
    subtotal_minor bigint NOT NULL DEFAULT 0,
    shipping_minor bigint NOT NULL DEFAULT 0,
    tax_minor bigint NOT NULL DEFAULT 0,
    total_minor bigint NOT NULL DEFAULT 0,
    shipping_address jsonb NOT NULL DEFAULT '{}',
    approved_at timestamptz,
    shipped_at timestamptz,
    closed_at timestamptz,
    cancelled_at timestamptz,
    cancel_reason text,
    created_by uuid,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sales_order_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT sales_order_customer_fkey FOREIGN KEY (tenant_id, customer_id)
    REFERENCES sales.customer (tenant_id, id),
    CONSTRAINT sales_order_created_by_fkey FOREIGN KEY (tenant_id, created_by)
    REFERENCES auth.app_user (tenant_id, id),
    CONSTRAINT sales_order_number_key UNIQUE (tenant_id, number),
    CONSTRAINT sales_order_number_check CHECK (number ~ '^[[:graph:]]{1,40}$'),
    CONSTRAINT sales_order_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT sales_order_amounts_check CHECK (
        subtotal_minor >= 0 AND shipping_minor >= 0 AND tax_minor >= 0
    ),
    CONSTRAINT sales_order_total_check CHECK (total_minor = subtotal_minor + shipping_minor + tax_minor),
    CONSTRAINT sales_order_shipping_address_check CHECK (jsonb_typeof(shipping_address) = 'object'),
    CONSTRAINT sales_order_approved_at_check CHECK (approved_at >= created_at),
    CONSTRAINT sales_order_shipped_at_check CHECK (
        shipped_at IS NULL OR (approved_at IS NOT NULL AND shipped_at >= approved_at)
    ),
    CONSTRAINT sales_order_closed_at_check CHECK (closed_at >= shipped_at),
    CONSTRAINT sales_order_cancelled_check CHECK (
        (status = 'cancelled') = (cancelled_at IS NOT NULL) AND (cancel_reason IS NULL OR cancelled_at IS NOT NULL)
    ),
    CONSTRAINT sales_order_version_check CHECK (version > 0)
);
COMMENT ON TABLE sales.sales_order IS
'An order from a customer; subtotal_minor is kept equal to the sum of its lines by trigger, '
'and total_minor = subtotal + shipping + tax is a CHECK.';

CREATE INDEX sales_order_customer_idx ON sales.sales_order (tenant_id, customer_id);
CREATE INDEX sales_order_open_idx ON sales.sales_order (tenant_id, status)
WHERE status IN ('pending', 'approved', 'processing');

CREATE TABLE sales.sales_order_item (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    sales_order_id uuid NOT NULL,
    product_id uuid NOT NULL,
    quantity numeric(14, 3) NOT NULL,
    unit_price_minor bigint NOT NULL,
    line_total_minor bigint GENERATED ALWAYS AS (round(quantity * unit_price_minor)::bigint) STORED,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sales_order_item_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT sales_order_item_order_fkey FOREIGN KEY (tenant_id, sales_order_id)
    REFERENCES sales.sales_order (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT sales_order_item_product_fkey FOREIGN KEY (tenant_id, product_id)
    REFERENCES catalog.product (tenant_id, id),
    CONSTRAINT sales_order_item_quantity_check CHECK (quantity > 0),
    CONSTRAINT sales_order_item_unit_price_check CHECK (unit_price_minor >= 0)
);
COMMENT ON TABLE sales.sales_order_item IS 'A line of a sales order.';
COMMENT ON COLUMN sales.sales_order_item.line_total_minor IS
'quantity × unit_price_minor, rounded to the minor unit.';

CREATE INDEX sales_order_item_order_idx ON sales.sales_order_item (tenant_id, sales_order_id);
CREATE INDEX sales_order_item_product_idx ON sales.sales_order_item (tenant_id, product_id);
