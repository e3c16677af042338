-- squawk-ignore-file ban-drop-table
-- Dropping what 0040 added is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TABLE inventory.capacity_gate;
