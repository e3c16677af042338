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
