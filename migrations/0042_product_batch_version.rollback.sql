-- squawk-ignore-file ban-drop-column
-- Dropping what 0042 added is the purpose of this file. The version trigger
-- goes with it (triggers/ops/version.sql makes it again at the next migrate).
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TRIGGER IF EXISTS _090_version ON catalog.product_batch;
ALTER TABLE catalog.product_batch DROP COLUMN version;
