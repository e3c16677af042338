-- depends: 0067_nfc_keys
-- Names stored before 0067 in another Unicode form than NFC are written in
-- NFC, as the trigger _050_nfc (triggers/ops/nfc.sql) writes every name given
-- since. A product named 'Cafe' + U+0301 + ' noir' was not found by a search
-- for 'café' typed composed, nor its word by the typo vocabulary. The two
-- forms are the same text to a reader, so nothing is lost; each row changed
-- takes a new version and an audit document, as an edit of its name would.
-- The keys 0067 holds to NFC are not touched here: two of them may be one
-- key once composed, which 0067 leaves to the owner.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

UPDATE catalog.product
SET name = normalize(name, NFC), description = normalize(description, NFC)
WHERE name IS NOT NFC NORMALIZED OR description IS NOT NFC NORMALIZED;
UPDATE warehouse.warehouse SET name = normalize(name, NFC) WHERE name IS NOT NFC NORMALIZED;
UPDATE procurement.supplier SET name = normalize(name, NFC) WHERE name IS NOT NFC NORMALIZED;
UPDATE sales.customer SET name = normalize(name, NFC) WHERE name IS NOT NFC NORMALIZED;
UPDATE logistics.carrier SET name = normalize(name, NFC) WHERE name IS NOT NFC NORMALIZED;
UPDATE auth.app_user SET display_name = normalize(display_name, NFC) WHERE display_name IS NOT NFC NORMALIZED;
