-- depends: 0018_outbox_relay
-- Each backup stockdb takes of this database, as the database itself knows
-- it: so `stockdb maintenance status` can say when the last good one was,
-- whether it was verified by a restore, and raise the alarm when it is old.
-- The files and their manifest live in the backup directory; this is the log.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE TABLE ops.backup (
    id text NOT NULL,
    kind text NOT NULL DEFAULT 'dump',
    label text,
    directory text NOT NULL,
    schema_version text,
    status text NOT NULL DEFAULT 'running',
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    size_bytes bigint,
    error text,
    verified_at timestamptz,
    verify_status text,
    verify_detail jsonb,
    created_by text NOT NULL DEFAULT current_user,
    CONSTRAINT backup_pkey PRIMARY KEY (id),
    CONSTRAINT backup_id_check CHECK (id ~ '^[0-9]{8}T[0-9]{6}Z(-[a-z0-9][a-z0-9_-]{0,39})?$'),
    CONSTRAINT backup_kind_check CHECK (kind IN ('dump', 'base')),
    CONSTRAINT backup_status_check CHECK (status IN ('running', 'ok', 'failed')),
    CONSTRAINT backup_finished_check CHECK ((status = 'running') = (finished_at IS NULL)),
    CONSTRAINT backup_size_check CHECK (size_bytes >= 0),
    CONSTRAINT backup_verify_status_check CHECK (verify_status IN ('ok', 'failed')),
    CONSTRAINT backup_verified_check CHECK ((verify_status IS NULL) = (verified_at IS NULL))
);
COMMENT ON TABLE ops.backup IS
'Backups stockdb took of this database (stockdb backup create / base): where, of which schema version, '
'how they ended and whether a restore verified them. The manifest next to the files is the full record.';
COMMENT ON COLUMN ops.backup.schema_version IS 'The last migration applied when the backup was taken.';
COMMENT ON COLUMN ops.backup.verify_status IS
'ok when stockdb backup verify restored it and found every table''s rows and checksum as recorded.';

-- squawk-ignore require-concurrent-index-creation
CREATE INDEX backup_good_idx ON ops.backup (finished_at) WHERE status = 'ok';
