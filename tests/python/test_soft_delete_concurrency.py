"""A delete and a call that uses the row, side by side: one waits for the other.

A receipt or an order holds its product, supplier or customer FOR KEY SHARE;
a delete takes the row FOR UPDATE. So a delete waits for a receipt under way
and then sees its stock (refused), and a receipt or order after a delete
under way waits and then finds nothing (SD404). Had the delete taken the row
only FOR NO KEY UPDATE, as its UPDATE does, neither would wait: the receipt's
stock, or the order, would belong to a deleted row.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg
import pytest
from helpers import ADMIN, DEFAULT_TENANT, finish, stage, wait_until_blocked
from psycopg.types.json import Jsonb


def session(url: str) -> psycopg.Connection:
    conn = psycopg.connect(url)
    conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
    return conn


@pytest.fixture
def world(fresh_db) -> dict:
    with session(fresh_db) as conn:
        w = conn.execute("SELECT api.create_warehouse('W', 'W')").fetchone()[0]
        return {
            "url": fresh_db,
            "location": conn.execute("SELECT api.create_location(%s, 'A1')", [w]).fetchone()[0],
            "product": conn.execute("SELECT api.create_product('P', 'P')").fetchone()[0],
            "supplier": conn.execute("SELECT api.create_supplier('SUP', 'S')").fetchone()[0],
            "customer": conn.execute("SELECT api.create_customer('CUS', 'C')").fetchone()[0],
        }


def receive(conn, world):
    conn.execute("SELECT api.receive_stock('in', %s, %s, 1)", [world["product"], world["location"]])


def order_from(conn, world):
    conn.execute("SELECT api.create_purchase_order(%s, 'EUR')", [world["supplier"]])


def order_for(conn, world):
    line = [{"product_id": str(world["product"]), "quantity": 1, "unit_price_minor": 1}]
    conn.execute("SELECT api.create_sales_order('so', %s, %s, 'EUR')",
                 [world["customer"], Jsonb(line)])


def delete(what: str) -> Callable:
    def run(conn, world):
        conn.execute(f"SELECT api.delete_{what}(%s, 1)", [world[what]])
    return run


def second_waits(world: dict, first: Callable, second: Callable) -> str:
    """Runs first, then second in a thread until it waits, commits first; second's outcome."""
    a, b = session(world["url"]), session(world["url"])
    got: dict = {}

    def run() -> None:
        try:
            second(b, world)
            b.commit()
            got["outcome"] = "ok"
        except psycopg.Error as e:
            b.rollback()
            got["outcome"] = f"{e.sqlstate} {e.diag.message_primary}"

    with a, b:
        first(a, world)
        t = threading.Thread(target=run)
        t.start()
        wait_until_blocked(world["url"], b.info.backend_pid)
        a.commit()
        t.join(10)
    return got["outcome"]


@pytest.mark.parametrize(("use", "what", "refusal"), [
    (receive, "product", "22023 product P still has stock"),
    (order_from, "supplier", "22023 supplier SUP has open purchase order"),
    (order_for, "customer", "22023 customer CUS has open sales order"),
])
def test_a_delete_waits_for_a_call_under_way_and_sees_what_it_did(world, use, what, refusal):
    assert second_waits(world, use, delete(what)).startswith(refusal)


@pytest.mark.parametrize(("use", "what"), [
    (receive, "product"), (order_from, "supplier"), (order_for, "customer"),
])
def test_a_call_waits_for_a_delete_under_way_and_finds_nothing(world, use, what):
    assert second_waits(world, delete(what), use).startswith("SD404")


def test_a_purchase_orders_import_waits_for_a_supplier_delete_and_finds_no_supplier(world):
    """The import's check holds the suppliers it names: before, it read the
    supplier as live, its apply waited for the delete only at the foreign key,
    and the batch's order went to the deleted supplier."""
    deleter, importer = session(world["url"]), session(world["url"])
    got: dict = {}
    with deleter, importer:
        batch = stage(importer, "purchase_orders",
                      ["po_number", "supplier", "currency", "sku", "unit_cost_minor", "quantity"],
                      [["PO-9", "SUP", "EUR", "P", "100", "1"]])
        importer.commit()
        importer.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        delete("supplier")(deleter, world)
        t = threading.Thread(target=lambda: (finish(importer, batch, got), importer.commit()))
        t.start()
        wait_until_blocked(world["url"], importer.info.backend_pid)
        deleter.commit()
        t.join(10)
    assert got["batch"]["status"] == "rejected", got
    assert got["errors"] == [(2, "supplier", "no live supplier with this code")]
