-- api.search_products: what a search box asks. Full text first (SKU, name,
-- description, and the names of the categories above a product), then
-- trigrams for what full text cannot match: typos and SKU prefixes.
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
-- Typos: 'widgte' shares enough trigrams with 'widget' at 0.4, not at the default 0.6.
SET "pg_trgm.word_similarity_threshold" = '0.4'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_query text := btrim(search_products.query);
    v_tsquery tsquery;
    v_prefix text;
BEGIN
    IF v_query IS NULL OR v_query = '' OR length(v_query) > 200 THEN
        RAISE EXCEPTION 'query must be 1 to 200 characters'
            USING ERRCODE = '22023',
                  DETAIL = format('api.search_products was called with query => %L.', search_products.query),
                  HINT = 'Pass words, a SKU or the start of one.';
    END IF;
    IF search_products.limit_rows IS NULL OR search_products.limit_rows NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION 'limit_rows must be between 1 and 1000'
            USING ERRCODE = '22023',
                  DETAIL = format('limit_rows => %s.', coalesce(search_products.limit_rows::text, 'NULL')),
                  HINT = 'Ask for a page of results, such as 20.';
    END IF;
    v_tsquery := websearch_to_tsquery('english', v_query);
    v_prefix := replace(replace(replace(v_query, '\', '\\'), '%', '\%'), '_', '\_') || '%';

    RETURN QUERY
    WITH text_hit AS (
        SELECT p.id, 1 + ts_rank(p.search, v_tsquery) AS rank, 'text' AS matched_by
        FROM catalog.product AS p
        WHERE numnode(v_tsquery) > 0
          AND p.tenant_id = v_tenant_id AND p.deleted_at IS NULL AND p.search @@ v_tsquery
        ORDER BY 2 DESC
        LIMIT search_products.limit_rows
    ),
    category_hit AS (
        -- Products in (or below) a category whose name matches rank after direct hits.
        SELECT p.id, 0.75::real AS rank, 'category' AS matched_by
        FROM catalog.product_category AS c
        JOIN catalog.product_category AS sub
            ON sub.tenant_id = c.tenant_id AND sub.path LIKE c.path || '%'
        JOIN catalog.product AS p ON p.tenant_id = sub.tenant_id AND p.category_id = sub.id
        WHERE numnode(v_tsquery) > 0
          AND c.tenant_id = v_tenant_id AND to_tsvector('english'::regconfig, c.name) @@ v_tsquery
          AND p.deleted_at IS NULL
        LIMIT search_products.limit_rows
    ),
    trigram_hit AS (
        -- Only when full text found too little: typos in names, and SKU
        -- prefixes; two queries so each reads its own trigram index.
        SELECT t.id, t.rank, 'trigram' AS matched_by
        FROM (
            (SELECT p.id, 0.5::real AS rank
             FROM catalog.product AS p
             WHERE p.tenant_id = v_tenant_id AND p.deleted_at IS NULL AND p.sku ILIKE v_prefix
             ORDER BY p.sku
             LIMIT search_products.limit_rows)
            UNION ALL
            (SELECT p.id, (public.word_similarity(v_query, p.name) / 2)::real
             FROM catalog.product AS p
             WHERE p.tenant_id = v_tenant_id AND p.deleted_at IS NULL AND v_query OPERATOR(public.<%) p.name
             ORDER BY 2 DESC
             LIMIT search_products.limit_rows)
        ) AS t
        WHERE (SELECT count(*) FROM text_hit) + (SELECT count(*) FROM category_hit) < search_products.limit_rows
    ),
    hit AS (
        SELECT DISTINCT ON (a.id) a.id, a.rank, a.matched_by
        FROM (
            SELECT * FROM text_hit UNION ALL SELECT * FROM category_hit UNION ALL SELECT * FROM trigram_hit
        ) AS a
        ORDER BY a.id, a.rank DESC
    )
    SELECT p.id, p.sku, p.name,
           (SELECT string_agg(pc.name, ' / ' ORDER BY pc.depth)
            FROM catalog.product_category AS c
            JOIN catalog.product_category AS pc
                ON pc.tenant_id = c.tenant_id AND c.path LIKE pc.path || '%'
            WHERE c.tenant_id = p.tenant_id AND c.id = p.category_id),
           h.rank::real, h.matched_by
    FROM hit AS h
    JOIN catalog.product AS p ON p.tenant_id = v_tenant_id AND p.id = h.id
    ORDER BY h.rank DESC, p.sku
    LIMIT search_products.limit_rows;
END
$$;

COMMENT ON FUNCTION api.search_products(text, integer) IS
'Live products of the caller''s tenant matching query, best first: full text (websearch syntax) over SKU, '
'name, description and category names, then trigram matches for typos and SKU prefixes when full text '
'found fewer than limit_rows. matched_by says which: text, category or trigram. Errors: 42501, 22023.';
