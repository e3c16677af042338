-- depends: 0009_planning
-- The allowed status changes of each kind of document. The rows live in
-- sql/reference/status_transition.sql, so a change to them needs no migration.

-- squawk-ignore-file prefer-bigint-over-int, prefer-bigint-over-smallint, ban-char-field
-- Waived: int and smallint columns here are versions, day counts, depths and
-- decimal places, never ids, and cannot approach their limits; char(3) is the
-- ISO 4217 currency code DESIGN.md's contract names, held to [A-Z]{3} by CHECK.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE TABLE ops.status_transition (
    document_type text NOT NULL,
    from_status text NOT NULL,
    to_status text NOT NULL,
    CONSTRAINT status_transition_pkey PRIMARY KEY (document_type, from_status, to_status),
    CONSTRAINT status_transition_document_type_check CHECK (
        document_type IN ('purchase_order', 'sales_order', 'shipment', 'reservation')
    ),
    CONSTRAINT status_transition_change_check CHECK (from_status <> to_status)
);
COMMENT ON TABLE ops.status_transition IS
'Every allowed (from, to) status change per document type; a trigger refuses any other with SD003.';
