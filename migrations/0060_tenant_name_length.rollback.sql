-- squawk-ignore-file ban-drop-constraint
-- Dropping what 0060 added is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE auth.tenant DROP CONSTRAINT tenant_name_length_check;
