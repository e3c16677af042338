-- The import kinds and their columns, in template order, rewritten on every
-- change of this file inside the migrate transaction. Kinds are upserted
-- (past batches reference them); columns are replaced whole. Patterns mirror
-- the target tables' CHECKs so a bad cell is named in the error report; the
-- tables' constraints stay the authority.
DELETE FROM staging.import_column;

INSERT INTO staging.import_kind (kind, row_table, description, natural_key, modes, adds) VALUES
(
    'categories', 'category_row',
    'The category tree, one row per category as its path of names (Tools/Hand tools); '
    'missing parents are created.',
    ARRAY['path'], ARRAY['insert', 'upsert'], FALSE
),
(
    'products', 'product_row', 'The product catalogue, one row per SKU.',
    ARRAY['sku'], ARRAY['insert', 'upsert'], FALSE
),
(
    'suppliers', 'supplier_row', 'Suppliers, one row per supplier code.',
    ARRAY['code'], ARRAY['insert', 'upsert'], FALSE
),
(
    'customers', 'customer_row', 'Customers, one row per customer code.',
    ARRAY['code'], ARRAY['insert', 'upsert'], FALSE
),
(
    'opening_stock', 'opening_stock_row',
    'Stock on hand at go-live, posted to the ledger as purchase receipts (one movement per row).',
    ARRAY['sku', 'warehouse', 'location', 'batch_number'], ARRAY['insert'], TRUE
),
(
    'purchase_orders', 'purchase_order_row',
    'Draft purchase orders, one row per line; rows with the same po_number form one order.',
    ARRAY['po_number', 'sku'], ARRAY['insert'], FALSE
),
(
    'cycle_counts', 'cycle_count_row',
    'Counted quantities; each difference from on hand is posted to the ledger as an adjustment.',
    ARRAY['sku', 'warehouse', 'location', 'batch_number'], ARRAY['insert'], FALSE
),
(
    'prices', 'price_row', 'New list prices for existing products.',
    ARRAY['sku'], ARRAY['upsert'], FALSE
),
(
    'locations', 'location_row',
    'Locations (bins, shelves, areas) of existing warehouses, one row per warehouse and location code.',
    ARRAY['warehouse', 'code'], ARRAY['insert', 'upsert'], FALSE
)
ON CONFLICT (kind) DO UPDATE SET
    row_table = excluded.row_table, description = excluded.description,
    natural_key = excluded.natural_key, modes = excluded.modes, adds = excluded.adds;

INSERT INTO staging.import_column (
    kind, column_name, position, data_type, required, max_length, pattern, value_list, description, example
) VALUES
('locations', 'warehouse', 1, 'text', TRUE, 64, NULL, NULL, 'Code of an existing warehouse.', 'MAIN'),
(
    'locations', 'code', 2, 'text', TRUE, 32, '^[[:graph:]]+$', NULL,
    'Your code for the location, no spaces; unique in its warehouse.', 'A-01-03'
),
(
    'locations', 'kind', 3, 'text', FALSE, NULL, NULL, 'location_kind',
    'What the location is for; storage when empty. Quarantine is never allocated from.', 'storage'
),
(
    'locations', 'capacity', 4, 'decimal', FALSE, NULL, NULL, NULL,
    'Most stock it holds, all products together, more than 0; no limit when empty.', '500'
),
(
    'locations', 'active', 5, 'boolean', FALSE, NULL, NULL, 'boolean',
    'Whether stock may move through it; true when empty.', 'true'
),

(
    'categories', 'path', 1, 'text', TRUE, 500, '^[^/]*[^/[:space:]][^/]*(/[^/]*[^/[:space:]][^/]*)*$', NULL,
    'Category names from the root down, separated by /.', 'Tools/Hand tools'
),

(
    'products', 'sku', 1, 'text', TRUE, 64, '^[[:graph:]]+$', NULL,
    'Stock keeping unit: your code for the product, no spaces; unique among live products.', 'BOLT-M8-40'
),
('products', 'name', 2, 'text', TRUE, 500, NULL, NULL, 'What the product is called.', 'Hex bolt M8 x 40'),
('products', 'description', 3, 'text', FALSE, 20000, NULL, NULL, 'Longer text, searched too.', 'Zinc plated'),
(
    'products', 'category', 4, 'text', FALSE, 500, '^[^/]*[^/[:space:]][^/]*(/[^/]*[^/[:space:]][^/]*)*$', NULL,
    'Path of an existing category (import categories first).', 'Tools/Fasteners'
),
('products', 'unit', 5, 'text', FALSE, 16, NULL, 'unit', 'Unit of measure; ea when empty.', 'ea'),
('products', 'barcode', 6, 'text', FALSE, 64, NULL, NULL, 'EAN/UPC or your own barcode.', '4006381333931'),
(
    'products', 'unit_price_minor', 7, 'integer', FALSE, NULL, NULL, NULL,
    'List price in minor units (cents): 1250 for 12.50. Needs currency.', '1250'
),
(
    'products', 'currency', 8, 'currency', FALSE, NULL, NULL, NULL,
    'ISO 4217 code of the price.', 'EUR'
),
(
    'products', 'min_stock_level', 9, 'decimal', FALSE, NULL, NULL, NULL,
    'Below this the product is critically low; 0 when empty.', '5'
),
(
    'products', 'reorder_point', 10, 'decimal', FALSE, NULL, NULL, NULL,
    'Replenish when available stock falls to this; 0 when empty.', '20'
),
(
    'products', 'safety_stock_level', 11, 'decimal', FALSE, NULL, NULL, NULL,
    'Buffer kept against demand variation; 0 when empty.', '10'
),
(
    'products', 'max_stock_level', 12, 'decimal', FALSE, NULL, NULL, NULL,
    'Above this the product is overstocked; none when empty.', '500'
),
(
    'products', 'lead_time_days', 13, 'integer', FALSE, NULL, NULL, NULL,
    'Days from order to receipt, 0 to 3650; 0 when empty.', '7'
),
(
    'products', 'hs_code', 14, 'text', FALSE, NULL, '^[0-9]{6,10}$', NULL,
    'Harmonized System code, 6 to 10 digits.', '731815'
),
(
    'products', 'country_of_origin', 15, 'text', FALSE, NULL, '^[A-Za-z]{2}$', NULL,
    'ISO 3166-1 alpha-2 country code (any case, stored in capitals).', 'DE'
),
(
    'products', 'active', 16, 'boolean', FALSE, NULL, NULL, 'boolean',
    'Whether it can be ordered; true when empty.', 'true'
),

(
    'suppliers', 'code', 1, 'text', TRUE, 32, '^[[:graph:]]+$', NULL,
    'Your code for the supplier, no spaces; unique among live suppliers.', 'ACME'
),
('suppliers', 'name', 2, 'text', TRUE, 500, NULL, NULL, 'The supplier''s name.', 'Acme Fasteners Ltd'),
(
    'suppliers', 'email', 3, 'text', FALSE, 320, '^[^@[:space:][:cntrl:]]+@[^@[:space:][:cntrl:]]+$', NULL,
    'Where purchase orders go.', 'orders@acme.example'
),
('suppliers', 'phone', 4, 'text', FALSE, 50, NULL, NULL, 'Phone number.', '+44 20 7946 0000'),
(
    'suppliers', 'lead_time_days', 5, 'integer', FALSE, NULL, NULL, NULL,
    'Typical days from order to receipt, 0 to 3650.', '10'
),

(
    'customers', 'code', 1, 'text', TRUE, 32, '^[[:graph:]]+$', NULL,
    'Your code for the customer, no spaces; unique among live customers.', 'C-1001'
),
('customers', 'name', 2, 'text', TRUE, 500, NULL, NULL, 'The customer''s name.', 'Northwind Traders'),
(
    'customers', 'email', 3, 'text', FALSE, 320, '^[^@[:space:][:cntrl:]]+@[^@[:space:][:cntrl:]]+$', NULL,
    'Contact email.', 'buyer@northwind.example'
),
('customers', 'phone', 4, 'text', FALSE, 50, NULL, NULL, 'Phone number.', '+1 206 555 0100'),

('opening_stock', 'sku', 1, 'text', TRUE, 64, NULL, NULL, 'SKU of an existing product.', 'BOLT-M8-40'),
('opening_stock', 'warehouse', 2, 'text', TRUE, 64, NULL, NULL, 'Code of an existing warehouse.', 'MAIN'),
(
    'opening_stock', 'location', 3, 'text', TRUE, 64, NULL, NULL,
    'Code of an existing location in that warehouse.', 'A-01-01'
),
(
    'opening_stock', 'quantity', 4, 'decimal', TRUE, NULL, NULL, NULL,
    'Quantity on hand, more than 0, in the product''s unit.', '120'
),
(
    'opening_stock', 'batch_number', 5, 'text', FALSE, 100, NULL, NULL,
    'Lot or batch number; created when new, empty for stock without batches.', 'L2026-11'
),
(
    'opening_stock', 'manufacture_date', 6, 'date', FALSE, NULL, NULL, NULL,
    'Date the batch was made (YYYY-MM-DD or an Excel date).', '2026-10-01'
),
(
    'opening_stock', 'expiry_date', 7, 'date', FALSE, NULL, NULL, NULL,
    'Date the batch expires; not before manufacture_date.', '2028-10-01'
),
(
    'opening_stock', 'unit_cost_minor', 8, 'integer', FALSE, NULL, NULL, NULL,
    'Cost of one unit in minor units, for valuation; one per batch, as a known batch has it (one '
    'without a cost takes this one). Needs a currency, the product''s when empty.', '85'
),
('opening_stock', 'currency', 9, 'currency', FALSE, NULL, NULL, NULL, 'ISO 4217 code of the cost.', 'EUR'),

(
    'purchase_orders', 'po_number', 1, 'text', TRUE, 40, '^[[:graph:]]+$', NULL,
    'Order number; rows with the same number are lines of one order.', 'PO-2026-0001'
),
('purchase_orders', 'supplier', 2, 'text', TRUE, 32, NULL, NULL, 'Code of an existing supplier.', 'ACME'),
('purchase_orders', 'currency', 3, 'currency', TRUE, NULL, NULL, NULL, 'ISO 4217 code of the order.', 'EUR'),
(
    'purchase_orders', 'expected_date', 4, 'date', FALSE, NULL, NULL, NULL,
    'When the supplier promised delivery (from midnight in the warehouse''s time zone).', '2026-12-15'
),
('purchase_orders', 'sku', 5, 'text', TRUE, 64, NULL, NULL, 'SKU of an existing product.', 'BOLT-M8-40'),
(
    'purchase_orders', 'quantity', 6, 'decimal', TRUE, NULL, NULL, NULL,
    'Quantity ordered, more than 0.', '1000'
),
(
    'purchase_orders', 'unit_cost_minor', 7, 'integer', TRUE, NULL, NULL, NULL,
    'Cost of one unit in minor units (cents).', '85'
),
(
    'purchase_orders', 'notes', 8, 'text', FALSE, 2000, NULL, NULL,
    'Notes for the order, on any of its rows (the rows that give notes must give the same).', ''
),
(
    'purchase_orders', 'warehouse', 9, 'text', FALSE, 64, NULL, NULL,
    'Code of the warehouse the goods are for (receipts go there only); empty: any warehouse.', 'MAIN'
),

('cycle_counts', 'sku', 1, 'text', TRUE, 64, NULL, NULL, 'SKU of an existing product.', 'BOLT-M8-40'),
('cycle_counts', 'warehouse', 2, 'text', TRUE, 64, NULL, NULL, 'Code of an existing warehouse.', 'MAIN'),
(
    'cycle_counts', 'location', 3, 'text', TRUE, 64, NULL, NULL,
    'Code of an existing location in that warehouse.', 'A-01-01'
),
(
    'cycle_counts', 'batch_number', 4, 'text', FALSE, 100, NULL, NULL,
    'Batch counted; empty for stock without batches.', 'L2026-11'
),
(
    'cycle_counts', 'counted_quantity', 5, 'decimal', TRUE, NULL, NULL, NULL,
    'What is on the shelf, 0 or more.', '118'
),
('cycle_counts', 'reason', 6, 'text', FALSE, 500, NULL, NULL, 'Why, kept on the adjustment.', 'Q4 count'),
(
    'cycle_counts', 'counted_at', 7, 'text', FALSE, 40,
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)? ?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$',
    NULL,
    'Date and time of the count, YYYY-MM-DD HH:MM, in the warehouse''s time zone unless it ends in an '
    'offset (+01:00); the difference is taken from the stock at that time (empty: at the import).',
    '2026-11-23 14:05'
),

('prices', 'sku', 1, 'text', TRUE, 64, NULL, NULL, 'SKU of an existing product.', 'BOLT-M8-40'),
(
    'prices', 'unit_price_minor', 2, 'integer', TRUE, NULL, NULL, NULL,
    'New list price in minor units (cents), 0 or more.', '1299'
),
('prices', 'currency', 3, 'currency', TRUE, NULL, NULL, NULL, 'ISO 4217 code of the price.', 'EUR');
