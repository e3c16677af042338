-- squawk-ignore-file ban-drop-table, ban-drop-type, ban-drop-function
-- Dropping what 0005_inventory created is the purpose of this file.
-- CASCADE: repeatable functions, triggers and views built on these go too;
-- a rollback forgets the repeatable files, so the next migrate makes them again.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TABLE inventory.reservation_line CASCADE;
DROP TABLE inventory.reservation CASCADE;
DROP TABLE inventory.movement_request CASCADE;
-- pg_partman's bookkeeping for the ledger goes with it.
DELETE FROM partman.part_config WHERE parent_table = 'inventory.stock_movement';
DROP TABLE partman.template_inventory_stock_movement CASCADE;
DROP TABLE inventory.stock_movement CASCADE;
DROP TABLE inventory.inventory CASCADE;
DROP TYPE inventory.reservation_status CASCADE;
DROP TYPE inventory.stock_movement_type CASCADE;
