-- depends: 0024_code_checks
-- PostgreSQL 15 keeps a table's CHECKs as stored expression trees and reads
-- and prepares them again for every statement that writes the table, so a
-- CHECK's size is paid by every movement. The ledger's sign CHECK had one
-- CASE branch per movement type, 8.5 kB of tree: about 40 µs of the ~330 µs
-- one bare ledger row costs. The same rule as two lists of types is a third
-- of the size. reference_type's bounded repeat cost 4.7 µs per row (0.5 s
-- of a 100,000-row opening-stock import); a length and an unbounded class,
-- as 0023 and 0024 did, cost 0.5 µs.
--
-- Neither CHECK is validated again: each is the same rule as the one it
-- replaces for every row the ledger can hold (every movement type keeps its
-- sign; a type added later fails until it is given one, where the old CASE
-- let it pass), so every row already passed it. Validating would read the
-- whole ledger, tens of millions of rows, under the DROP's lock, with every
-- movement waiting. New rows, and partitions created from here on, are
-- checked as before.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- squawk-ignore ban-drop-constraint
ALTER TABLE inventory.stock_movement DROP CONSTRAINT stock_movement_quantity_sign_check;
ALTER TABLE inventory.stock_movement ADD CONSTRAINT stock_movement_quantity_sign_check CHECK (
    CASE
        WHEN movement_type = any('{purchase_receipt,transfer_in,returned,release}') THEN quantity > 0
        WHEN movement_type = any('{sale_issue,transfer_out,consumption,reservation}') THEN quantity < 0
        WHEN movement_type = 'adjustment' THEN quantity <> 0
        ELSE FALSE
    END
) NOT VALID;

-- squawk-ignore ban-drop-constraint
ALTER TABLE inventory.stock_movement DROP CONSTRAINT stock_movement_reference_type_check;
ALTER TABLE inventory.stock_movement ADD CONSTRAINT stock_movement_reference_type_check
CHECK (length(reference_type) <= 40 AND reference_type ~ '^[a-z_]+$') NOT VALID;
