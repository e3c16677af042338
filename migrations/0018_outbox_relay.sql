-- depends: 0017_staging_import
-- The outbox the MongoDB relay reads: a time-ordered uuid that becomes the
-- document's _id (so a retried delivery overwrites instead of duplicating),
-- the target collection and the document itself, and the relay's
-- bookkeeping (delivered_at, attempts, last_error). position gives a strict
-- delivery order: uuid v7 only orders to the millisecond, and an alert that
-- clears must reach MongoDB after the one it clears.
-- 0013's rows (alerts only; no relay existed) are carried over undelivered.

-- squawk-ignore-file prefer-bigint-over-int, ban-drop-table, renaming-table, renaming-object
-- Waived: attempts counts one row's delivery tries. The old outbox is
-- renamed aside, copied into the new shape and dropped in this one
-- transaction; only audit.set_alert writes it, and the same migrate run
-- replaces that function before the transaction commits.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- squawk-ignore require-concurrent-index-deletion
DROP INDEX audit.outbox_pending_idx;
ALTER TABLE audit.outbox RENAME TO outbox_0013;
ALTER TABLE audit.outbox_0013 RENAME CONSTRAINT outbox_pkey TO outbox_0013_pkey;

CREATE TABLE audit.outbox (
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    position bigint GENERATED ALWAYS AS IDENTITY,
    tenant_id uuid NOT NULL,
    kind text NOT NULL,
    collection text NOT NULL,
    document jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    attempts integer NOT NULL DEFAULT 0,
    last_attempt_at timestamptz,
    last_error text,
    CONSTRAINT outbox_pkey PRIMARY KEY (id),
    CONSTRAINT outbox_position_key UNIQUE (position),
    CONSTRAINT outbox_kind_collection_check CHECK (
        (kind = 'audit' AND collection = 'audit_logs') OR (kind = 'alert' AND collection = 'alerts')
    ),
    CONSTRAINT outbox_document_check CHECK (jsonb_typeof(document) = 'object'),
    CONSTRAINT outbox_attempts_check CHECK (attempts >= 0),
    CONSTRAINT outbox_last_error_check CHECK (length(last_error) <= 2000)
);
COMMENT ON TABLE audit.outbox IS
'Audit events and alerts waiting for MongoDB, written in the same transaction as the change they '
'report. stockdb relay upserts each document by id and sets delivered_at once MongoDB acknowledged; '
'ops.purge_outbox deletes delivered rows after a grace period. Undelivered rows are never deleted.';
COMMENT ON COLUMN audit.outbox.id IS 'The MongoDB _id of the document (as text): a retry overwrites, never duplicates.';
COMMENT ON COLUMN audit.outbox.position IS 'Delivery order; strictly increasing, unlike id within a millisecond.';
COMMENT ON COLUMN audit.outbox.collection IS 'audit_logs for kind audit, alerts for kind alert.';
COMMENT ON COLUMN audit.outbox.document IS
'The document without _id, tenantId and createdAt, which the relay adds from id, tenant_id and created_at.';
COMMENT ON COLUMN audit.outbox.delivered_at IS 'When MongoDB acknowledged the document; NULL while it waits.';
COMMENT ON COLUMN audit.outbox.attempts IS 'Deliveries tried and failed so far.';
COMMENT ON COLUMN audit.outbox.last_error IS 'The error of the last failed delivery (cut at 2000 characters).';

INSERT INTO audit.outbox (tenant_id, kind, collection, document, created_at, delivered_at)
SELECT
    o.tenant_id,
    o.kind,
    CASE o.kind WHEN 'audit' THEN 'audit_logs' ELSE 'alerts' END AS collection,
    CASE o.kind
        WHEN 'alert'
            THEN
                jsonb_build_object(
                    'type', regexp_replace(o.event_type, '_cleared$', ''),
                    'status', CASE WHEN o.event_type LIKE '%\_cleared' THEN 'resolved' ELSE 'open' END,
                    'subject', o.subject,
                    'productId', o.payload -> 'product_id',
                    'details', o.payload
                )
        ELSE o.payload || jsonb_build_object('entityType', o.subject, 'action', o.event_type)
    END AS document,
    o.created_at,
    o.relayed_at
FROM audit.outbox_0013 AS o
ORDER BY o.id;

DROP TABLE audit.outbox_0013;

-- squawk-ignore require-concurrent-index-creation
CREATE INDEX outbox_pending_idx ON audit.outbox (position) WHERE delivered_at IS NULL;
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX outbox_delivered_idx ON audit.outbox (delivered_at) WHERE delivered_at IS NOT NULL;

-- What an open alert is about, so report.open_alerts answers without the
-- outbox (whose delivered rows are purged) and without MongoDB.
ALTER TABLE audit.alert_state ADD COLUMN details jsonb NOT NULL DEFAULT '{}';
-- Constant default on a new column: the check holds without reading a row.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE audit.alert_state ADD CONSTRAINT alert_state_details_check
CHECK (jsonb_typeof(details) = 'object');
COMMENT ON COLUMN audit.alert_state.details IS
'The values the condition was last raised with (sku, warehouse, available, ...).';
