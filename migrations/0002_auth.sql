-- depends: 0001_foundation
-- Application users and their refresh tokens; the default tenant's admin.

-- squawk-ignore-file prefer-bigint-over-int, prefer-bigint-over-smallint, ban-char-field
-- Waived: int and smallint columns here are versions, day counts, depths and
-- decimal places, never ids, and cannot approach their limits; char(3) is the
-- ISO 4217 currency code DESIGN.md's contract names, held to [A-Z]{3} by CHECK.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE TYPE auth.user_role AS ENUM (
    'admin', 'manager', 'warehouse_staff', 'procurement', 'sales', 'logistics', 'analyst', 'partner'
);
COMMENT ON TYPE auth.user_role IS
'What an application user may do; the role gates which api functions it may call.';

CREATE TABLE auth.app_user (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    email text NOT NULL,
    display_name text,
    password_hash text,
    role auth.user_role NOT NULL,
    active boolean NOT NULL DEFAULT TRUE,
    last_login_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT app_user_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT app_user_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant (id),
    CONSTRAINT app_user_email_check CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    CONSTRAINT app_user_password_hash_check CHECK (password_hash ~ '^\$2[aby]\$[0-9]{2}\$'),
    CONSTRAINT app_user_version_check CHECK (version > 0)
);
COMMENT ON TABLE auth.app_user IS 'A person or system that calls the api on behalf of a tenant.';
COMMENT ON COLUMN auth.app_user.email IS 'Unique per tenant, compared case-insensitively.';
COMMENT ON COLUMN auth.app_user.password_hash IS
'bcrypt hash (pgcrypto crypt with gen_salt(''bf'')); NULL until a password is set, '
'and a user without one cannot authenticate.';

CREATE UNIQUE INDEX app_user_email_key ON auth.app_user (tenant_id, lower(email));

CREATE TABLE auth.refresh_token (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT ops.uuid_v7(),
    user_id uuid NOT NULL,
    token_hash bytea NOT NULL,
    family_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    replaced_by uuid,
    CONSTRAINT refresh_token_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT refresh_token_user_fkey FOREIGN KEY (tenant_id, user_id)
    REFERENCES auth.app_user (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT refresh_token_replaced_by_fkey FOREIGN KEY (tenant_id, replaced_by)
    REFERENCES auth.refresh_token (tenant_id, id),
    CONSTRAINT refresh_token_token_hash_key UNIQUE (token_hash),
    CONSTRAINT refresh_token_token_hash_check CHECK (octet_length(token_hash) = 32),
    CONSTRAINT refresh_token_expiry_check CHECK (expires_at > created_at),
    CONSTRAINT refresh_token_revoked_check CHECK (revoked_at IS NULL OR revoked_at >= created_at),
    CONSTRAINT refresh_token_replaced_check CHECK (replaced_by IS NULL OR revoked_at IS NOT NULL)
);
COMMENT ON TABLE auth.refresh_token IS
'Refresh tokens by hash only; rotation replaces a token by a new one of the same family, '
'and reuse of a replaced token revokes the whole family.';
COMMENT ON COLUMN auth.refresh_token.token_hash IS 'SHA-256 of the token; the token itself is never stored.';
COMMENT ON COLUMN auth.refresh_token.family_id IS 'Shared by a token and every token that replaced it.';

CREATE INDEX refresh_token_user_idx ON auth.refresh_token (tenant_id, user_id);
CREATE INDEX refresh_token_family_idx ON auth.refresh_token (tenant_id, family_id);
CREATE INDEX refresh_token_replaced_by_idx ON auth.refresh_token (tenant_id, replaced_by)
WHERE replaced_by IS NOT NULL;

-- So a fresh database has someone to act as; a password is set before use.
INSERT INTO auth.app_user (tenant_id, id, email, display_name, role)
VALUES (
    '00000000-0000-7000-8000-000000000001',
    '00000000-0000-7000-8000-000000000002',
    'admin@localhost',
    'Administrator',
    'admin'
);
