-- A text argument as an error's message names it: as it is when it reads as
-- one word (unknown unit furlong), else quoted as its DETAIL quotes it. Put in
-- as it was, an empty one read "unknown unit " and "carrier  not found", one
-- with a blank at an end hid it, and a control character reached the reader
-- raw, as a 20,000-character one did whole.
CREATE OR REPLACE FUNCTION ops.named(value text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN named.value ~ '^[^[:space:]'']([^'']*[^[:space:]''])?$'
             AND pg_catalog.length(named.value) <= 100
             AND ops.printable(named.value) = named.value
            THEN named.value
        ELSE ops.quoted_excerpt(named.value)
    END
$$;
COMMENT ON FUNCTION ops.named(text) IS
'The value as an error message names it: as it is when it is 1 to 100 printable characters with no blank '
'at either end and no quote, else as ops.quoted_excerpt quotes it (NULL, '''', E''\x01'', cut at 100).';
