-- depends: 0039_ship_sales_order_expected_delivery
-- warehouse.location.capacity is "an upper bound on what it holds", and
-- nothing held stock to it: a receipt into a full bin was taken. Stock placed
-- into a location with a capacity (a receipt, a transfer in, a return) is now
-- refused when it would take the location above it
-- (functions/inventory/check_capacity.sql, called by the balance trigger).
--
-- Two placements of different products into one location each see the
-- other's stock only once it is committed, so placements into a location
-- with a capacity take turns on its row here: the second waits for the first
-- and then counts what it placed. Under REPEATABLE READ the second gets
-- 40001 instead of a count that misses the first, as when a balance row
-- changed under it.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE TABLE inventory.capacity_gate (
    tenant_id uuid NOT NULL,
    location_id uuid NOT NULL,
    placements bigint NOT NULL DEFAULT 1,
    CONSTRAINT capacity_gate_pkey PRIMARY KEY (tenant_id, location_id),
    CONSTRAINT capacity_gate_location_fkey FOREIGN KEY (tenant_id, location_id)
    REFERENCES warehouse.location (tenant_id, id),
    CONSTRAINT capacity_gate_placements_check CHECK (placements > 0)
);
COMMENT ON TABLE inventory.capacity_gate IS
'One row per location with a capacity that stock was placed into: placements there update it, so they '
'take turns and each counts what the one before it placed.';
COMMENT ON COLUMN inventory.capacity_gate.placements IS 'How many placements have taken their turn here.';
