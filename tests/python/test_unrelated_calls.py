"""No api call waits for an unrelated call whose transaction is still open.

An application may hold a transaction open across several calls, and an
import applies a whole sheet in one. Whatever such a transaction wrote must
hold up only the calls that touch the same stock, documents or master data:
a row that every call of the database updates (or a unique key that unrelated
calls happen to share) makes every other call wait for it to end, and fail at
the api's lock_timeout of 5 s. Two did: the reports' dirty flags, which the
first movement after a refresh updated (migration 0064), and the search
vocabulary's unique words, which a product naming a word another open
transaction had just added waited on (migration 0065).

Each call of HELD is made and its transaction left open, the reports refreshed
just before (their bookkeeping clean, as pg_cron leaves it every 15 minutes);
then each call of OTHERS runs in a transaction of its own, on other stock and
documents of the same tenant and of another tenant, with a statement_timeout of
2 s: a wait shows as 57014 (or the api's 55P03).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import psycopg
import pytest
from helpers import ADMIN, DEFAULT_TENANT, stage
from psycopg.types.json import Jsonb

OTHER_TENANT_CODE = "unrelated"


def _key() -> str:
    return uuid.uuid4().hex


def _world(conn: psycopg.Connection, tenant: str, user: str) -> dict:
    """Two warehouses (W1 with locations A and B, W2 with A), products P1 to P3
    with 100 each (P1 and P3 in W1, P2 in W2), a supplier, a customer, a carrier."""
    conn.execute("SELECT api.set_context(%s, %s)", [tenant, user])

    def one(sql: str, *args):
        return conn.execute(sql, list(args)).fetchone()[0]

    w = {"tenant": tenant, "user": user}
    w["W1"] = one("SELECT api.create_warehouse('W1', 'W1')")
    w["W2"] = one("SELECT api.create_warehouse('W2', 'W2')")
    w["L1a"] = one("SELECT api.create_location(%s, 'A')", w["W1"])
    w["L1b"] = one("SELECT api.create_location(%s, 'B')", w["W1"])
    w["L2a"] = one("SELECT api.create_location(%s, 'A')", w["W2"])
    for sku in ("P1", "P2", "P3"):
        w[sku] = one("SELECT api.create_product(sku => %s, name => %s, unit_price_minor => 100, "
                     "currency => 'EUR')", sku, f"Product {sku}")
    for sku, location in (("P1", "L1a"), ("P2", "L2a"), ("P3", "L1b")):
        one("SELECT api.receive_stock(%s, %s, %s, 100)", _key(), w[sku], w[location])
    w["S"] = one("SELECT api.create_supplier('S', 'Supplier')")
    w["C"] = one("SELECT api.create_customer('C', 'Customer')")
    w["K"] = one("SELECT api.create_carrier('K', 'Carrier')")
    conn.commit()
    return w


@pytest.fixture
def worlds(fresh_db) -> tuple[str, dict, dict]:
    with psycopg.connect(fresh_db) as conn:
        other, other_admin = conn.execute(
            "SELECT tenant_id, admin_user_id FROM ops.create_tenant(%s, 'Unrelated Ltd')",
            [OTHER_TENANT_CODE]).fetchone()
        conn.commit()
        return fresh_db, _world(conn, DEFAULT_TENANT, ADMIN), _world(conn, other, other_admin)


def _version(conn: psycopg.Connection, table: str, row) -> int:
    return conn.execute(f"SELECT version FROM {table} WHERE id = %s", [row]).fetchone()[0]


def _sales_order(conn: psycopg.Connection, w: dict, sku: str) -> None:
    conn.execute("SELECT api.create_sales_order(%s, %s, %s)",
                 [_key(), w["C"], Jsonb([{"product_id": str(w[sku]), "quantity": 1}])])


def _import(conn: psycopg.Connection, kind: str, columns: list[str], rows: list[list]) -> None:
    """A sheet imported as `stockdb import run` does, in conn's transaction."""
    batch = stage(conn, kind, columns, rows)
    done = conn.execute("SELECT staging.finish_batch(%s)", [batch]).fetchone()[0]
    assert done["status"] == "applied", done


Call = Callable[[psycopg.Connection, dict, str], object]

# What the open transaction does, in the default tenant, on P1 and W1. The
# word is new each run: a product named with it adds it to the vocabulary.
HELD: dict[str, Call] = {
    "receive_stock": lambda c, w, word: c.execute(
        "SELECT api.receive_stock(%s, %s, %s, 1)", [_key(), w["P1"], w["L1a"]]),
    "record_movement": lambda c, w, word: c.execute(
        "SELECT api.record_movement(%s, 'adjustment', %s, %s, -1, NULL, 'held')",
        [_key(), w["P1"], w["L1a"]]),
    "transfer_stock": lambda c, w, word: c.execute(
        "SELECT api.transfer_stock(%s, %s, %s, %s, 1)", [_key(), w["P1"], w["L1a"], w["L1b"]]),
    "count_stock": lambda c, w, word: c.execute(
        "SELECT api.count_stock(%s, %s, %s, NULL, 50)", [_key(), w["P1"], w["L1a"]]),
    "reserve_stock": lambda c, w, word: c.execute(
        "SELECT api.reserve_stock(%s, %s, %s, 1)", [_key(), w["P1"], w["W1"]]),
    "create_product": lambda c, w, word: c.execute(
        "SELECT api.create_product(%s, %s)", [f"N-{word}", f"Blue {word}"]),
    "update_product": lambda c, w, word: c.execute(
        "SELECT api.update_product(%s, %s, name => %s)",
        [w["P1"], _version(c, "catalog.product", w["P1"]), f"Blue {word}"]),
    "create_sales_order": lambda c, w, word: _sales_order(c, w, "P1"),
    "create_purchase_order": lambda c, w, word: c.execute(
        "SELECT api.create_purchase_order(%s, 'EUR')", [w["S"]]),
    "create_customer": lambda c, w, word: c.execute(
        "SELECT api.create_customer(%s, 'Held')", [f"c-{word}"]),
    "create_location": lambda c, w, word: c.execute(
        "SELECT api.create_location(%s, %s)", [w["W1"], f"l-{word}"]),
    "update_location": lambda c, w, word: c.execute(
        "SELECT api.update_location(%s, %s, capacity => 100000)",
        [w["L1a"], _version(c, "warehouse.location", w["L1a"])]),
    "update_warehouse": lambda c, w, word: c.execute(
        "SELECT api.update_warehouse(%s, %s, name => 'Held')",
        [w["W1"], _version(c, "warehouse.warehouse", w["W1"])]),
    "create_category": lambda c, w, word: c.execute(
        "SELECT api.create_category(%s)", [f"Held {word}"]),
    # An import holds the stock of the warehouses it posts to, and only those.
    "import of products": lambda c, w, word: _import(
        c, "products", ["sku", "name"], [[f"I{n}-{word}", f"Green {word} {n}"] for n in range(3)]),
    "import of opening stock": lambda c, w, word: _import(
        c, "opening_stock", ["sku", "warehouse", "location", "quantity"],
        [["P1", "W1", "A", "5"], ["P3", "W1", "B", "5"]]),
}

# What must not wait for it: P2 and W2, in either tenant; a new product
# named with the held call's word.
OTHERS: dict[str, Call] = {
    "receive_stock": lambda c, w, word: c.execute(
        "SELECT api.receive_stock(%s, %s, %s, 1)", [_key(), w["P2"], w["L2a"]]),
    "reserve_stock": lambda c, w, word: c.execute(
        "SELECT api.reserve_stock(%s, %s, %s, 1)", [_key(), w["P2"], w["W2"]]),
    "create_sales_order": lambda c, w, word: _sales_order(c, w, "P2"),
    "create_purchase_order": lambda c, w, word: c.execute(
        "SELECT api.create_purchase_order(%s, 'EUR')", [w["S"]]),
    "create_product": lambda c, w, word: c.execute(
        "SELECT api.create_product(%s, %s)", [f"M-{word}", f"Red {word}"]),
    "create_customer": lambda c, w, word: c.execute(
        "SELECT api.create_customer(%s, 'Other')", [f"d-{word}"]),
    "create_location": lambda c, w, word: c.execute(
        "SELECT api.create_location(%s, %s)", [w["W2"], f"m-{word}"]),
    "create_category": lambda c, w, word: c.execute(
        "SELECT api.create_category(%s)", [f"Other {word}"]),
}


def _outcome(url: str, w: dict, call: Call, word: str) -> str:
    with psycopg.connect(url) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [w["tenant"], w["user"]])
        conn.execute("SET LOCAL statement_timeout = '2s'")
        try:
            call(conn, w, word)
        except psycopg.Error as exc:
            return exc.sqlstate or type(exc).__name__
        finally:
            conn.rollback()
    return "ok"


@pytest.mark.parametrize("held", sorted(HELD))
def test_no_call_waits_for_an_unrelated_one_left_open(worlds, held):
    url, here, elsewhere = worlds
    word = "zq" + "".join(chr(ord("a") + int(d, 16) % 26) for d in uuid.uuid4().hex[:8])
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CALL ops.refresh_reports()")
    holder = psycopg.connect(url)
    try:
        holder.execute("SELECT api.set_context(%s, %s)", [here["tenant"], here["user"]])
        HELD[held](holder, here, word)
        waited = {
            f"{name} in the {where} tenant": outcome
            for where, w in (("same", here), ("other", elsewhere))
            for name, call in OTHERS.items()
            if (outcome := _outcome(url, w, call, word)) != "ok"
        }
    finally:
        holder.rollback()
        holder.close()
    assert waited == {}, f"{held} left open held up: {waited}"
