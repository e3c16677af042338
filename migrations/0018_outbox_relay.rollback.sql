-- squawk-ignore-file ban-drop-table, ban-drop-column, renaming-table, renaming-object, ban-drop-function
-- Undoing 0018 is the purpose of this file; it runs inside the migration
-- transaction. Undelivered rows go back into 0013's shape; the audit
-- triggers (which write the new shape) go with their function, and the next
-- migrate re-creates every repeatable object.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP FUNCTION IF EXISTS audit.tg_row_insert(), audit.tg_row_update(), audit.tg_row_delete() CASCADE;
DROP FUNCTION IF EXISTS audit.redact(jsonb);

ALTER TABLE audit.alert_state DROP COLUMN details;

ALTER TABLE audit.outbox RENAME TO outbox_0018;
ALTER TABLE audit.outbox_0018 RENAME CONSTRAINT outbox_pkey TO outbox_0018_pkey;
ALTER INDEX audit.outbox_pending_idx RENAME TO outbox_0018_pending_idx;

CREATE TABLE audit.outbox (
    id bigint GENERATED ALWAYS AS IDENTITY,
    tenant_id uuid,
    kind text NOT NULL,
    event_type text NOT NULL,
    subject text NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    relayed_at timestamptz,
    CONSTRAINT outbox_pkey PRIMARY KEY (id),
    CONSTRAINT outbox_kind_check CHECK (kind IN ('audit', 'alert')),
    CONSTRAINT outbox_event_type_check CHECK (event_type ~ '^[a-z_]{1,60}$'),
    CONSTRAINT outbox_payload_check CHECK (jsonb_typeof(payload) = 'object')
);
COMMENT ON TABLE audit.outbox IS
'Audit events and alerts waiting for MongoDB, written in the same transaction as what they report; '
'relayed_at is set once MongoDB acknowledged them.';

INSERT INTO audit.outbox (tenant_id, kind, event_type, subject, payload, created_at, relayed_at)
SELECT
    o.tenant_id,
    o.kind,
    CASE o.kind
        WHEN 'alert'
            THEN
                (o.document ->> 'type')
                || CASE WHEN o.document ->> 'status' = 'resolved' THEN '_cleared' ELSE '' END
        ELSE o.document ->> 'action'
    END AS event_type,
    CASE o.kind
        WHEN 'alert' THEN o.document ->> 'subject'
        ELSE (o.document ->> 'entityType') || ':' || (o.document ->> 'entityId')
    END AS subject,
    CASE o.kind WHEN 'alert' THEN coalesce(o.document -> 'details', '{}') ELSE o.document END AS payload,
    o.created_at,
    o.delivered_at
FROM audit.outbox_0018 AS o
ORDER BY o.position;

DROP TABLE audit.outbox_0018;

-- squawk-ignore require-concurrent-index-creation
CREATE INDEX outbox_pending_idx ON audit.outbox (id) WHERE relayed_at IS NULL;
