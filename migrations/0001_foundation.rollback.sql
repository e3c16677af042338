-- Undo 0001_foundation. Everything later migrations build lives in these
-- schemas, and they are rolled back before this one.
-- Dropping is what a rollback file is for, and the dropped objects are the
-- ones 0001 created:
-- squawk-ignore-file ban-drop-table, ban-drop-function, ban-drop-extension, ban-drop-schema

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TABLE ops.repeatable_file;
DROP TABLE ops.migration_file;
DROP TABLE auth.tenant;
DROP FUNCTION ops.uuid_v7();

DROP EXTENSION IF EXISTS pg_cron;
DROP EXTENSION IF EXISTS pg_partman;
DROP EXTENSION IF EXISTS pgcrypto;
DROP EXTENSION IF EXISTS btree_gist;
DROP EXTENSION IF EXISTS pg_trgm;

-- CASCADE: repeatable files (functions, views) live in these schemas too.
DROP SCHEMA partman CASCADE;
DROP SCHEMA ops CASCADE;
DROP SCHEMA audit CASCADE;
DROP SCHEMA staging CASCADE;
DROP SCHEMA report CASCADE;
DROP SCHEMA api CASCADE;
DROP SCHEMA auth CASCADE;
DROP SCHEMA planning CASCADE;
DROP SCHEMA logistics CASCADE;
DROP SCHEMA sales CASCADE;
DROP SCHEMA procurement CASCADE;
DROP SCHEMA inventory CASCADE;
DROP SCHEMA warehouse CASCADE;
DROP SCHEMA catalog CASCADE;
