-- Reserve one unit of the hot product and fulfil it: every client on one SKU.
BEGIN;
SELECT api.set_context(:tenant);
SELECT api.reserve_stock(gen_random_uuid()::text, :hot, :warehouse, 1) AS rid \gset
SELECT api.fulfil_reservation(gen_random_uuid()::text, ':rid');
END;
