"""A category deleted while a product or a subcategory is being filed under it.

api.delete_category holds the category FOR UPDATE before it looks for
products under it; create_product and update_product hold it FOR KEY SHARE
(catalog.require_category) before they file one there. So whichever comes
second waits and then sees the first: a delete behind a new product is
refused (22023), and a product behind a delete gets SD404. The product's
foreign key alone gave the second a bare 23503. A subcategory and a delete
both take the tenant's category tree first (catalog.lock_category_tree), so
the second waits likewise.
"""

from __future__ import annotations

import psycopg
from helpers import ADMIN, DEFAULT_TENANT, second_waits_for_first


def _category(url: str) -> str:
    with psycopg.connect(url) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        return str(conn.execute("SELECT api.create_category('Tools')").fetchone()[0])


CREATE = "SELECT api.create_product('P', 'P', category_id => %s)"
DELETE = "SELECT api.delete_category(%s, 1)"


def test_a_delete_behind_a_new_product_is_refused(fresh_db):
    category = _category(fresh_db)
    outcome = second_waits_for_first(
        fresh_db, lambda c: c.execute(CREATE, [category]), lambda c: c.execute(DELETE, [category])
    )
    assert outcome == "22023: category Tools holds product P"


def test_a_product_behind_a_delete_finds_no_category(fresh_db):
    category = _category(fresh_db)
    outcome = second_waits_for_first(
        fresh_db, lambda c: c.execute(DELETE, [category]), lambda c: c.execute(CREATE, [category])
    )
    assert outcome == f"SD404: category {category} not found"
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT count(*) FROM catalog.product").fetchone()[0] == 0


SUBCATEGORY = "SELECT api.create_category('Hand', %s)"


def test_a_subcategory_behind_a_delete_finds_no_parent(fresh_db):
    """create_category read its parent before the tree lock (its path trigger
    took it at the insert): behind a delete of the parent it found it, then
    failed on the foreign key with a bare 23503 (the catalog chaos test)."""
    category = _category(fresh_db)
    outcome = second_waits_for_first(
        fresh_db, lambda c: c.execute(DELETE, [category]),
        lambda c: c.execute(SUBCATEGORY, [category])
    )
    assert outcome == f"SD404: category {category} not found"


def test_a_delete_behind_a_new_subcategory_is_refused(fresh_db):
    category = _category(fresh_db)
    outcome = second_waits_for_first(
        fresh_db, lambda c: c.execute(SUBCATEGORY, [category]),
        lambda c: c.execute(DELETE, [category])
    )
    assert outcome == "22023: category Tools has 1 subcategories"
