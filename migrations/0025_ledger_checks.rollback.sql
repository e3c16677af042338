-- Undoing 0025: the one-branch-per-type CASE and the bounded pattern again.
-- Every row that passed 0025's CHECKs passes these, so they are not
-- validated again (see 0025).
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- squawk-ignore ban-drop-constraint
ALTER TABLE inventory.stock_movement DROP CONSTRAINT stock_movement_quantity_sign_check;
ALTER TABLE inventory.stock_movement ADD CONSTRAINT stock_movement_quantity_sign_check CHECK (
    CASE movement_type
        WHEN 'purchase_receipt' THEN quantity > 0
        WHEN 'transfer_in' THEN quantity > 0
        WHEN 'returned' THEN quantity > 0
        WHEN 'release' THEN quantity > 0
        WHEN 'sale_issue' THEN quantity < 0
        WHEN 'transfer_out' THEN quantity < 0
        WHEN 'consumption' THEN quantity < 0
        WHEN 'reservation' THEN quantity < 0
        WHEN 'adjustment' THEN quantity <> 0
    END
) NOT VALID;

-- squawk-ignore ban-drop-constraint
ALTER TABLE inventory.stock_movement DROP CONSTRAINT stock_movement_reference_type_check;
ALTER TABLE inventory.stock_movement ADD CONSTRAINT stock_movement_reference_type_check
CHECK (reference_type ~ '^[a-z_]{1,40}$') NOT VALID;
