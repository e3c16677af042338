-- api.search_products: what a search box asks. Full text first (SKU, name,
-- description, and the names of the categories above a product); when that
-- finds too little, SKUs starting with the query, then the query with its
-- typos corrected to words the catalogue uses, again by full text. Every
-- step reads an index rather than the product table.
CREATE OR REPLACE FUNCTION api.search_products(query text, limit_rows integer DEFAULT 20)
RETURNS TABLE (
    product_id uuid,
    sku text,
    name text,
    category_path text,
    rank real,
    matched_by text
)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
-- The typo match's operator reads this setting: a session, role or database
-- that set it otherwise found no typo (high) or matched every word (0).
SET "pg_trgm.similarity_threshold" = 0.3
-- A broad query ranks the first 5,000 products a scan finds. A sequential
-- scan of a table bigger than a quarter of shared_buffers otherwise starts
-- where the last one left off, so each call found other products and the
-- same search gave another page every time.
SET synchronize_seqscans = off
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    -- In NFC, as product names are stored (triggers/ops/nfc.sql).
    v_query text := normalize(btrim(search_products.query), NFC);
    v_tsquery tsquery;
    v_prefix text;
    v_corrected text;
    v_corrected_tsquery tsquery;
    v_hit_ids uuid[] := '{}';
    v_hit_ranks real[] := '{}';
    v_hit_kinds text[] := '{}';
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.search_products');
    IF v_query IS NULL OR v_query = '' OR length(v_query) > 200 THEN
        RAISE EXCEPTION 'query must be 1 to 200 characters'
            USING ERRCODE = '22023',
                  DETAIL = format('api.search_products was called with query => %s.', ops.quoted_excerpt(search_products.query)),
                  HINT = 'Pass words, a SKU or the start of one.';
    END IF;
    IF search_products.limit_rows IS NULL OR search_products.limit_rows NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION 'limit_rows must be between 1 and 1000'
            USING ERRCODE = '22023',
                  DETAIL = format('limit_rows => %s.', coalesce(search_products.limit_rows::text, 'NULL')),
                  HINT = 'Ask for a page of results, such as 20.';
    END IF;
    -- Built only from words with lexemes: a query of stop words or punctuation makes
    -- websearch_to_tsquery send the caller a NOTICE, then matches nothing anyway.
    IF length(to_tsvector('english', v_query)) > 0 THEN
        v_tsquery := websearch_to_tsquery('english', v_query);
    END IF;

    IF numnode(v_tsquery) > 0 THEN
        SELECT coalesce(array_agg(h.id ORDER BY h.rank DESC), '{}'),
               coalesce(array_agg(h.rank ORDER BY h.rank DESC), '{}'),
               coalesce(array_agg(h.kind ORDER BY h.rank DESC), '{}')
        INTO v_hit_ids, v_hit_ranks, v_hit_kinds
        FROM (
            SELECT DISTINCT ON (a.id) a.id, a.rank, a.kind
            FROM (
                (SELECT m.id, (1 + ts_rank(m.search, v_tsquery))::real AS rank, 'text' AS kind
                 FROM (
                     -- A query every tenth product matches ranks the first
                     -- 5,000 found: ranking all of them is what costs.
                     SELECT p.id, p.search FROM catalog.product AS p
                     WHERE p.tenant_id = v_tenant_id AND p.deleted_at IS NULL AND p.search @@ v_tsquery
                     LIMIT 5000
                 ) AS m
                 ORDER BY 2 DESC, 1
                 LIMIT search_products.limit_rows)
                UNION ALL
                -- Products in (or below) a category whose name matches rank after direct hits.
                (SELECT p.id, 0.75::real, 'category'
                 FROM catalog.product_category AS c
                 JOIN catalog.product_category AS sub
                     ON sub.tenant_id = c.tenant_id AND sub.path LIKE c.path || '%'
                 JOIN catalog.product AS p ON p.tenant_id = sub.tenant_id AND p.category_id = sub.id
                 WHERE c.tenant_id = v_tenant_id AND to_tsvector('english'::regconfig, c.name) @@ v_tsquery
                   AND p.deleted_at IS NULL
                 LIMIT search_products.limit_rows)
            ) AS a
            ORDER BY a.id, a.rank DESC
        ) AS h;
    END IF;

    IF cardinality(v_hit_ids) < search_products.limit_rows THEN
        -- SKUs starting with the query, case-insensitively: a range of product_sku_prefix_idx.
        -- E'' literals read the same in a session with standard_conforming_strings off.
        v_prefix := replace(replace(replace(lower(v_query), E'\\', E'\\\\'), '%', E'\\%'), '_', E'\\_') || '%';
        SELECT v_hit_ids || coalesce(array_agg(s.id ORDER BY s.sku), '{}'),
               v_hit_ranks || coalesce(array_agg(0.5::real ORDER BY s.sku), '{}'),
               v_hit_kinds || coalesce(array_agg('sku_prefix'::text ORDER BY s.sku), '{}')
        INTO v_hit_ids, v_hit_ranks, v_hit_kinds
        FROM (
            SELECT p.id, p.sku FROM catalog.product AS p
            WHERE p.tenant_id = v_tenant_id AND p.deleted_at IS NULL AND lower(p.sku) LIKE v_prefix
              AND NOT (p.id = ANY (v_hit_ids))
            ORDER BY lower(p.sku)
            LIMIT search_products.limit_rows - cardinality(v_hit_ids)
        ) AS s;
    END IF;

    IF cardinality(v_hit_ids) < search_products.limit_rows THEN
        -- Each word of three letters or more becomes the catalogue's nearest
        -- word by trigram similarity of at least 0.3 (the pg_trgm default), if any.
        SELECT string_agg(coalesce(best.word, w.word), ' ' ORDER BY w.n) INTO v_corrected
        FROM regexp_split_to_table(lower(v_query), '[^[:alnum:]]+') WITH ORDINALITY AS w (word, n)
        LEFT JOIN LATERAL (
            SELECT sw.word FROM catalog.search_word AS sw
            WHERE length(w.word) >= 3 AND sw.tenant_id = v_tenant_id AND sw.word OPERATOR(public.%) w.word
            ORDER BY public.similarity(sw.word, w.word) DESC, sw.word
            LIMIT 1
        ) AS best ON TRUE
        WHERE w.word <> '';
        IF length(to_tsvector('english', coalesce(v_corrected, ''))) > 0 THEN
            v_corrected_tsquery := websearch_to_tsquery('english', v_corrected);
        END IF;
        IF numnode(v_corrected_tsquery) > 0 AND v_corrected_tsquery IS DISTINCT FROM v_tsquery THEN
            SELECT v_hit_ids || coalesce(array_agg(t.id ORDER BY t.rank DESC), '{}'),
                   v_hit_ranks || coalesce(array_agg(t.rank ORDER BY t.rank DESC), '{}'),
                   v_hit_kinds || coalesce(array_agg('typo'::text ORDER BY t.rank DESC), '{}')
            INTO v_hit_ids, v_hit_ranks, v_hit_kinds
            FROM (
                SELECT m.id, (ts_rank(m.search, v_corrected_tsquery) / 2)::real AS rank
                FROM (
                    SELECT p.id, p.search FROM catalog.product AS p
                    WHERE p.tenant_id = v_tenant_id AND p.deleted_at IS NULL AND p.search @@ v_corrected_tsquery
                      AND NOT (p.id = ANY (v_hit_ids))
                    LIMIT 5000
                ) AS m
                ORDER BY 2 DESC, 1
                LIMIT search_products.limit_rows - cardinality(v_hit_ids)
            ) AS t;
        END IF;
    END IF;

    RETURN QUERY
    SELECT p.id, p.sku, p.name,
           (SELECT string_agg(pc.name, ' / ' ORDER BY pc.depth)
            FROM catalog.product_category AS c
            JOIN catalog.product_category AS pc
                ON pc.tenant_id = c.tenant_id AND c.path LIKE pc.path || '%'
            WHERE c.tenant_id = p.tenant_id AND c.id = p.category_id),
           h.rank, h.kind
    FROM unnest(v_hit_ids, v_hit_ranks, v_hit_kinds) AS h (id, rank, kind)
    JOIN catalog.product AS p ON p.tenant_id = v_tenant_id AND p.id = h.id
    ORDER BY h.rank DESC, p.sku
    LIMIT search_products.limit_rows;
END
$$;

COMMENT ON FUNCTION api.search_products(text, integer) IS
'Live products of the caller''s tenant matching query, best first: full text (websearch syntax) over SKU, '
'name, description and category names; when that finds fewer than limit_rows, SKUs starting with the '
'query (matched_by sku_prefix), then the query with typos corrected to the catalogue''s words by trigram '
'similarity (typo). '
'Errors: 42501, 22023.';
