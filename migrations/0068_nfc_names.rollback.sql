-- 0068 wrote stored names in NFC, the same text as before in another form:
-- which form each was in is not kept, and nothing needs it, so the names stay
-- composed.
SELECT 1;
