"""api.search_products seen from a client: what reaches it besides the rows."""

from __future__ import annotations

import psycopg
import pytest
from helpers import ADMIN, DEFAULT_TENANT

QUERIES = ["the and of", "!!! ...", "-or", "a", "the widgte"]


@pytest.mark.parametrize("query", QUERIES)
def test_a_query_of_stop_words_or_punctuation_sends_no_notice(fresh_db, query):
    """websearch_to_tsquery of such a query told every caller 'text-search query
    contains only stop words or doesn't contain lexemes, ignored'."""
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        conn.execute("SELECT api.create_product('W-1', 'Blue widget')")
        notices: list[str] = []
        conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
        rows = conn.execute("SELECT sku, matched_by FROM api.search_products(%s)",
                            [query]).fetchall()
        assert notices == []
        expected = [("W-1", "typo")] if "widgte" in query else []
        assert rows == expected


def test_a_broad_query_finds_the_same_products_every_time(fresh_db):
    """A query matching thousands ranks the first 5,000 products it finds. On a
    table bigger than a quarter of shared_buffers PostgreSQL starts a sequential
    scan where the last one left off (synchronize_seqscans), so each call found
    another 5,000 and the same search returned other products every time (6
    different pages in 6 calls of 'widget' on the reports bench's million
    products)."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        blocks = conn.execute(
            "SELECT setting::bigint FROM pg_settings WHERE name = 'shared_buffers'").fetchone()[0]
        # Rows of about 1 kB (a description of stop words only, so the search
        # vector stays small): seven to a page, and a quarter of the buffers
        # passed with room to spare.
        rows = blocks // 4 * 7 + 5000
        conn.execute(
            "INSERT INTO catalog.product (tenant_id, sku, name, description) "
            "SELECT %s, 'G-' || n, 'Gizmo ' || n, repeat('the ', 250) "
            "FROM generate_series(1, %s) AS n", [DEFAULT_TENANT, rows])
        conn.execute("ANALYZE catalog.product")
        pages = conn.execute(
            "SELECT pg_relation_size('catalog.product') / current_setting('block_size')::int"
        ).fetchone()[0]
        assert pages > blocks // 4, "the table is too small for a synchronised scan"

        def search() -> list[str]:
            with conn.transaction():
                conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
                return [sku for (sku,) in conn.execute(
                    "SELECT sku FROM api.search_products('gizmo')").fetchall()]

        first = search()
        assert len(first) == 20
        assert [search() for _ in range(3)] == [first] * 3
