-- depends: 0007_sales
-- Carriers, shipments, what they carry and where they have been.

-- squawk-ignore-file prefer-bigint-over-int, prefer-bigint-over-smallint, ban-char-field
-- Waived: int and smallint columns here are versions, day counts, depths and
-- decimal places, never ids, and cannot approach their limits; char(3) is the
-- ISO 4217 currency code DESIGN.md's contract names, held to [A-Z]{3} by CHECK.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE TYPE logistics.shipment_status AS ENUM ('preparing', 'in_transit', 'delivered', 'delayed', 'cancelled');
COMMENT ON TYPE logistics.shipment_status IS
'preparing → in_transit ⇄ delayed → delivered, or cancelled before it leaves; '
'ops.status_transition lists the allowed steps.';

CREATE TABLE logistics.carrier (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    code text NOT NULL,
    name text NOT NULL,
    tracking_url_template text,
    active boolean NOT NULL DEFAULT TRUE,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT carrier_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT carrier_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant (id),
    CONSTRAINT carrier_code_key UNIQUE (tenant_id, code),
    CONSTRAINT carrier_code_check CHECK (code ~ '^[[:graph:]]{1,32}$'),
    CONSTRAINT carrier_name_check CHECK (btrim(name) <> ''),
    CONSTRAINT carrier_tracking_url_template_check CHECK (tracking_url_template ~ '^https?://.*\{tracking_number\}'),
    CONSTRAINT carrier_version_check CHECK (version > 0)
);
COMMENT ON TABLE logistics.carrier IS 'A company that moves shipments.';
COMMENT ON COLUMN logistics.carrier.tracking_url_template IS
'URL with {tracking_number} where the number goes, for links in reports.';

CREATE TABLE logistics.shipment (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    sales_order_id uuid,
    warehouse_id uuid NOT NULL,
    carrier_id uuid,
    tracking_number text,
    status logistics.shipment_status NOT NULL DEFAULT 'preparing',
    ship_to jsonb NOT NULL DEFAULT '{}',
    shipped_at timestamptz,
    expected_delivery_at timestamptz,
    delivered_at timestamptz,
    incoterm text,
    customs_value_minor bigint,
    customs_currency char(3),
    customs_declaration text,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT shipment_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT shipment_sales_order_fkey FOREIGN KEY (tenant_id, sales_order_id)
    REFERENCES sales.sales_order (tenant_id, id),
    CONSTRAINT shipment_warehouse_fkey FOREIGN KEY (tenant_id, warehouse_id)
    REFERENCES warehouse.warehouse (tenant_id, id),
    CONSTRAINT shipment_carrier_fkey FOREIGN KEY (tenant_id, carrier_id)
    REFERENCES logistics.carrier (tenant_id, id),
    CONSTRAINT shipment_tracking_number_key UNIQUE (tenant_id, carrier_id, tracking_number),
    CONSTRAINT shipment_tracking_number_check CHECK (
        tracking_number ~ '^[[:graph:]]{1,64}$' AND carrier_id IS NOT NULL
    ),
    CONSTRAINT shipment_ship_to_check CHECK (jsonb_typeof(ship_to) = 'object'),
    CONSTRAINT shipment_shipped_at_check CHECK (shipped_at >= created_at),
    CONSTRAINT shipment_expected_delivery_check CHECK (expected_delivery_at >= shipped_at),
    CONSTRAINT shipment_delivered_at_check CHECK (
        delivered_at IS NULL OR (shipped_at IS NOT NULL AND delivered_at >= shipped_at)
    ),
    CONSTRAINT shipment_delivered_status_check CHECK ((status = 'delivered') = (delivered_at IS NOT NULL)),
    CONSTRAINT shipment_incoterm_check CHECK (incoterm ~ '^[A-Z]{3}$'),
    CONSTRAINT shipment_customs_value_check CHECK (
        (customs_value_minor IS NULL) = (customs_currency IS NULL)
        AND customs_value_minor >= 0 AND customs_currency ~ '^[A-Z]{3}$'
    ),
    CONSTRAINT shipment_version_check CHECK (version > 0)
);
COMMENT ON TABLE logistics.shipment IS 'Goods leaving a warehouse with a carrier, usually for a sales order.';
COMMENT ON COLUMN logistics.shipment.expected_delivery_at IS 'Past this and not delivered, the shipment is late.';
COMMENT ON COLUMN logistics.shipment.incoterm IS 'Incoterms 2020 rule (DAP, DDP, EXW, …) for international shipments.';
COMMENT ON COLUMN logistics.shipment.customs_value_minor IS 'Declared value for customs, in minor units.';

CREATE INDEX shipment_sales_order_idx ON logistics.shipment (tenant_id, sales_order_id);
CREATE INDEX shipment_warehouse_idx ON logistics.shipment (tenant_id, warehouse_id);
CREATE INDEX shipment_undelivered_idx ON logistics.shipment (tenant_id, expected_delivery_at)
WHERE status IN ('in_transit', 'delayed');

CREATE TABLE logistics.shipment_item (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    shipment_id uuid NOT NULL,
    sales_order_item_id uuid,
    product_id uuid NOT NULL,
    batch_id uuid,
    quantity numeric(14, 3) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT shipment_item_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT shipment_item_shipment_fkey FOREIGN KEY (tenant_id, shipment_id)
    REFERENCES logistics.shipment (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT shipment_item_sales_order_item_fkey FOREIGN KEY (tenant_id, sales_order_item_id)
    REFERENCES sales.sales_order_item (tenant_id, id),
    CONSTRAINT shipment_item_product_fkey FOREIGN KEY (tenant_id, product_id)
    REFERENCES catalog.product (tenant_id, id),
    CONSTRAINT shipment_item_batch_fkey FOREIGN KEY (tenant_id, product_id, batch_id)
    REFERENCES catalog.product_batch (tenant_id, product_id, id),
    CONSTRAINT shipment_item_quantity_check CHECK (quantity > 0)
);
COMMENT ON TABLE logistics.shipment_item IS 'What a shipment carries, by batch.';

CREATE INDEX shipment_item_shipment_idx ON logistics.shipment_item (tenant_id, shipment_id);
CREATE INDEX shipment_item_sales_order_item_idx ON logistics.shipment_item (tenant_id, sales_order_item_id);
CREATE INDEX shipment_item_product_batch_idx ON logistics.shipment_item (tenant_id, product_id, batch_id);

CREATE TABLE logistics.shipment_tracking_event (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    shipment_id uuid NOT NULL,
    occurred_at timestamptz NOT NULL,
    status logistics.shipment_status NOT NULL,
    location text,
    details jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT shipment_tracking_event_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT shipment_tracking_event_shipment_fkey FOREIGN KEY (tenant_id, shipment_id)
    REFERENCES logistics.shipment (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT shipment_tracking_event_details_check CHECK (jsonb_typeof(details) = 'object')
);
COMMENT ON TABLE logistics.shipment_tracking_event IS 'A carrier''s scan or status report for a shipment.';

CREATE INDEX shipment_tracking_event_shipment_idx
ON logistics.shipment_tracking_event (tenant_id, shipment_id, occurred_at);
