"""A category deleted while a product is being filed under it.

api.delete_category holds the category FOR UPDATE before it looks for
products under it; create_product and update_product hold it FOR KEY SHARE
(catalog.require_category) before they file one there. So whichever comes
second waits and then sees the first: a delete behind a new product is
refused (22023), and a product behind a delete gets SD404. The product's
foreign key alone gave the second a bare 23503.
"""

from __future__ import annotations

import threading

import psycopg
from helpers import ADMIN, DEFAULT_TENANT, wait_until_blocked


def _category(url: str) -> str:
    with psycopg.connect(url) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        return str(conn.execute("SELECT api.create_category('Tools')").fetchone()[0])


def _race(url: str, first: str, second: str, category: str) -> dict:
    """first runs and holds its transaction open; second must wait for it,
    and goes on once first commits."""
    a = psycopg.connect(url)
    b = psycopg.connect(url)
    outcome: dict = {}

    def run_second() -> None:
        try:
            b.execute(second, [category])
            b.commit()
            outcome["second"] = "ok"
        except psycopg.Error as exc:
            outcome["second"] = f"{exc.sqlstate}: {exc.diag.message_primary}"

    with a, b:
        for conn in (a, b):
            conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        a.execute(first, [category])
        t = threading.Thread(target=run_second)
        t.start()
        wait_until_blocked(url, b.info.backend_pid)
        a.commit()
        t.join(10)
    return outcome


CREATE = "SELECT api.create_product('P', 'P', category_id => %s)"
DELETE = "SELECT api.delete_category(%s, 1)"


def test_a_delete_behind_a_new_product_is_refused(fresh_db):
    category = _category(fresh_db)
    outcome = _race(fresh_db, CREATE, DELETE, category)
    assert outcome == {"second": "22023: category Tools holds product P"}


def test_a_product_behind_a_delete_finds_no_category(fresh_db):
    category = _category(fresh_db)
    outcome = _race(fresh_db, DELETE, CREATE, category)
    assert outcome == {"second": f"SD404: category {category} not found"}
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT count(*) FROM catalog.product").fetchone()[0] == 0
