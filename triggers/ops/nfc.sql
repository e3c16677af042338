-- Codes and names are stored in NFC, Unicode's composed form: 'Café' with
-- the letter U+00E9, never 'Cafe' with a combining accent (U+0301), which
-- reads the same and is other text to a unique key, an equality or a search
-- (migration 0067 holds the keys to NFC by CHECK). So the api, the import and
-- a DBA's INSERT may give either form. The WHEN clause keeps the function
-- from running at all for text that is in NFC already, which is nearly all.
CREATE OR REPLACE FUNCTION ops.tg__nfc()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_row jsonb := to_jsonb(NEW);
BEGIN
    NEW := jsonb_populate_record(NEW, (
        SELECT jsonb_object_agg(c.name, normalize(v_row ->> c.name, NFC))
        FROM unnest(TG_ARGV) AS c (name)
        WHERE v_row ->> c.name IS NOT NFC NORMALIZED
    ));
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION ops.tg__nfc() IS
'BEFORE INSERT/UPDATE trigger: writes the text columns its arguments name in NFC (Unicode''s composed form).';

-- Named _050 so that it runs before _090_version and _100_touch: a name given
-- again in another form is the same name, and no change.
CREATE OR REPLACE TRIGGER _050_nfc BEFORE INSERT OR UPDATE OF sku, name, description ON catalog.product
FOR EACH ROW WHEN (
    new.sku IS NOT NFC NORMALIZED OR new.name IS NOT NFC NORMALIZED OR new.description IS NOT NFC NORMALIZED
) EXECUTE FUNCTION ops.tg__nfc('sku', 'name', 'description');
CREATE OR REPLACE TRIGGER _050_nfc BEFORE INSERT OR UPDATE OF name ON catalog.product_category
FOR EACH ROW WHEN (new.name IS NOT NFC NORMALIZED) EXECUTE FUNCTION ops.tg__nfc('name');
CREATE OR REPLACE TRIGGER _050_nfc BEFORE INSERT OR UPDATE OF batch_number ON catalog.product_batch
FOR EACH ROW WHEN (new.batch_number IS NOT NFC NORMALIZED) EXECUTE FUNCTION ops.tg__nfc('batch_number');
CREATE OR REPLACE TRIGGER _050_nfc BEFORE INSERT OR UPDATE OF code, name ON warehouse.warehouse
FOR EACH ROW WHEN (new.code IS NOT NFC NORMALIZED OR new.name IS NOT NFC NORMALIZED)
EXECUTE FUNCTION ops.tg__nfc('code', 'name');
CREATE OR REPLACE TRIGGER _050_nfc BEFORE INSERT OR UPDATE OF code ON warehouse.location
FOR EACH ROW WHEN (new.code IS NOT NFC NORMALIZED) EXECUTE FUNCTION ops.tg__nfc('code');
CREATE OR REPLACE TRIGGER _050_nfc BEFORE INSERT OR UPDATE OF code, name ON procurement.supplier
FOR EACH ROW WHEN (new.code IS NOT NFC NORMALIZED OR new.name IS NOT NFC NORMALIZED)
EXECUTE FUNCTION ops.tg__nfc('code', 'name');
CREATE OR REPLACE TRIGGER _050_nfc BEFORE INSERT OR UPDATE OF number ON procurement.purchase_order
FOR EACH ROW WHEN (new.number IS NOT NFC NORMALIZED) EXECUTE FUNCTION ops.tg__nfc('number');
CREATE OR REPLACE TRIGGER _050_nfc BEFORE INSERT OR UPDATE OF code, name ON sales.customer
FOR EACH ROW WHEN (new.code IS NOT NFC NORMALIZED OR new.name IS NOT NFC NORMALIZED)
EXECUTE FUNCTION ops.tg__nfc('code', 'name');
CREATE OR REPLACE TRIGGER _050_nfc BEFORE INSERT OR UPDATE OF number ON sales.sales_order
FOR EACH ROW WHEN (new.number IS NOT NFC NORMALIZED) EXECUTE FUNCTION ops.tg__nfc('number');
CREATE OR REPLACE TRIGGER _050_nfc BEFORE INSERT OR UPDATE OF code, name ON logistics.carrier
FOR EACH ROW WHEN (new.code IS NOT NFC NORMALIZED OR new.name IS NOT NFC NORMALIZED)
EXECUTE FUNCTION ops.tg__nfc('code', 'name');
CREATE OR REPLACE TRIGGER _050_nfc BEFORE INSERT OR UPDATE OF tracking_number ON logistics.shipment
FOR EACH ROW WHEN (new.tracking_number IS NOT NFC NORMALIZED) EXECUTE FUNCTION ops.tg__nfc('tracking_number');
CREATE OR REPLACE TRIGGER _050_nfc BEFORE INSERT OR UPDATE OF model_name ON planning.demand_forecast
FOR EACH ROW WHEN (new.model_name IS NOT NFC NORMALIZED) EXECUTE FUNCTION ops.tg__nfc('model_name');
CREATE OR REPLACE TRIGGER _050_nfc BEFORE INSERT OR UPDATE OF email, display_name ON auth.app_user
FOR EACH ROW WHEN (new.email IS NOT NFC NORMALIZED OR new.display_name IS NOT NFC NORMALIZED)
EXECUTE FUNCTION ops.tg__nfc('email', 'display_name');
