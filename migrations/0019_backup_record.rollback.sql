-- squawk-ignore-file ban-drop-table
-- Dropping what 0019 added is the purpose of this file; the backups
-- themselves and their manifests stay in the backup directory.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TABLE ops.backup;
