"""Editing master data and moving stock side by side: neither waits for the other.

A movement or a document row takes the product, location, warehouse,
customer, supplier or carrier it names FOR KEY SHARE (catalog.lock_product,
its foreign keys). The api.update_* functions took that row FOR UPDATE, which
key share waits for: a price change left uncommitted in an application's
transaction held up every movement of the product until it ended (55P03
after 5 s), and two such transactions editing two products while stock moved
deadlocked. They now take FOR NO KEY UPDATE, as their UPDATE does (none of
them changes a key column). A new unit still waits: test_unit_concurrency.py.
"""

from __future__ import annotations

import threading
import uuid

import psycopg
import pytest
from helpers import ADMIN, DEFAULT_TENANT, wait_until_blocked
from psycopg.types.json import Jsonb

TENANT = DEFAULT_TENANT


def session(url: str) -> psycopg.Connection:
    """A connection in an open transaction, with the admin's context; a statement
    waiting more than 3 s is cancelled (57014), so a wait shows as an outcome."""
    conn = psycopg.connect(url)
    conn.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
    conn.execute("SET statement_timeout = '3s'")
    return conn


@pytest.fixture
def world(fresh_db) -> dict:
    """Warehouse W (location A1), products K and L with 10 each in A1, a
    customer, a supplier, a carrier, and a sales order of 1 K reserved in W."""
    with session(fresh_db) as conn:
        def one(sql: str, *args):
            return conn.execute(sql, list(args)).fetchone()[0]

        w = one("SELECT api.create_warehouse('W', 'W')")
        loc = one("SELECT api.create_location(%s, 'A1')", w)
        products = [one("SELECT api.create_product(%s, %s)", sku, sku) for sku in ("K", "L")]
        for product in products:
            one("SELECT api.receive_stock(%s, %s, %s, 10)", uuid.uuid4().hex, product, loc)
        customer = one("SELECT api.create_customer('CUS', 'Customer')")
        supplier = one("SELECT api.create_supplier('SUP', 'Supplier')")
        carrier = one("SELECT api.create_carrier('CAR', 'Carrier')")
        line = {"product_id": str(products[0]), "quantity": 1, "unit_price_minor": 100}
        order = one("SELECT api.create_sales_order(%s, %s, %s, 'EUR')",
                    uuid.uuid4().hex, customer, Jsonb([line]))
        one("SELECT api.approve_sales_order(%s, version) FROM sales.sales_order WHERE id = %s",
            order, order)
        one("SELECT api.reserve_sales_order(%s, %s, %s)", uuid.uuid4().hex, order, w)
    return {"url": fresh_db, "warehouse": w, "location": loc, "products": products,
            "customer": customer, "supplier": supplier, "carrier": carrier, "order": order}


def receive(conn: psycopg.Connection, world: dict, product: int = 0) -> None:
    conn.execute("SELECT api.receive_stock(%s, %s, %s, 1)",
                 [uuid.uuid4().hex, world["products"][product], world["location"]])


def sell(conn: psycopg.Connection, world: dict) -> None:
    line = {"product_id": str(world["products"][0]), "quantity": 1, "unit_price_minor": 100}
    conn.execute("SELECT api.create_sales_order(%s, %s, %s, 'EUR')",
                 [uuid.uuid4().hex, world["customer"], Jsonb([line])])


def buy(conn: psycopg.Connection, world: dict) -> None:
    order = conn.execute("SELECT api.create_purchase_order(%s, 'EUR')",
                         [world["supplier"]]).fetchone()[0]
    conn.execute("SELECT api.add_purchase_order_item(%s, 1, %s, 5, 100)",
                 [order, world["products"][0]])


def reserve(conn: psycopg.Connection, world: dict) -> None:
    conn.execute("SELECT api.reserve_stock(%s, %s, %s, 1)",
                 [uuid.uuid4().hex, world["products"][0], world["warehouse"]])


def ship(conn: psycopg.Connection, world: dict) -> None:
    conn.execute("SELECT api.ship_sales_order(%s, %s, 'CAR', 'T-1')",
                 [uuid.uuid4().hex, world["order"]])


def edit(what: str, product: int = 0):
    """The update of one field of world's `what`, at its first version."""
    calls = {
        "product": ("SELECT api.update_product(%s, 1, unit_price_minor => 250, currency => 'EUR')",
                    lambda w: w["products"][product]),
        "location": ("SELECT api.update_location(%s, 1, capacity => 500)",
                     lambda w: w["location"]),
        "warehouse": ("SELECT api.update_warehouse(%s, 1, name => 'Renamed')",
                      lambda w: w["warehouse"]),
        "customer": ("SELECT api.update_customer(%s, 1, name => 'Renamed')",
                     lambda w: w["customer"]),
        "supplier": ("SELECT api.update_supplier(%s, 1, name => 'Renamed')",
                     lambda w: w["supplier"]),
        "carrier": ("SELECT api.update_carrier(%s, 1, name => 'Renamed')",
                    lambda w: w["carrier"]),
    }
    sql, row = calls[what]
    return lambda conn, world: conn.execute(sql, [row(world)])


PAIRS = [
    ("product", receive), ("product", sell), ("product", buy), ("product", reserve),
    ("location", receive), ("warehouse", reserve), ("customer", sell),
    ("supplier", buy), ("carrier", ship),
]


def outcome(step, conn: psycopg.Connection, world: dict) -> str:
    try:
        step(conn, world)
        conn.commit()
        return "ok"
    except psycopg.Error as e:
        conn.rollback()
        return e.sqlstate


@pytest.mark.parametrize(("what", "call"), PAIRS, ids=[f"{w}-{c.__name__}" for w, c in PAIRS])
def test_a_call_does_not_wait_for_an_edit_under_way(world, what, call):
    """On the old FOR UPDATE each call waited out the 3 s (57014)."""
    editor, mover = session(world["url"]), session(world["url"])
    with editor, mover:
        edit(what)(editor, world)
        assert outcome(call, mover, world) == "ok"
        editor.commit()


@pytest.mark.parametrize(("what", "call"), PAIRS, ids=[f"{w}-{c.__name__}" for w, c in PAIRS])
def test_an_edit_does_not_wait_for_a_call_under_way(world, what, call):
    mover, editor = session(world["url"]), session(world["url"])
    with mover, editor:
        call(mover, world)
        assert outcome(edit(what), editor, world) == "ok"
        mover.commit()


def test_edits_of_two_products_do_not_deadlock_with_movements_of_both(world):
    """An application's transaction edits K then L while another receives L then
    K: on the old code the movement of K waited for the edit, the edit of L for
    the movement, and one of them ended in 40P01."""
    editor, mover = session(world["url"]), session(world["url"])
    got: dict = {}
    with editor, mover:
        edit("product", 0)(editor, world)
        receive(mover, world, product=1)

        def second_movement() -> None:
            got["mover"] = outcome(lambda c, w: receive(c, w, product=0), mover, world)

        t = threading.Thread(target=second_movement)
        t.start()
        t.join(1)
        if t.is_alive():  # it waits for the edit of K (the old code): let the deadlock show
            wait_until_blocked(world["url"], mover.info.backend_pid)
        got["editor"] = outcome(edit("product", 1), editor, world)
        t.join(10)
    assert got == {"mover": "ok", "editor": "ok"}
    with psycopg.connect(world["url"]) as conn:
        assert conn.execute(
            "SELECT array_agg(on_hand ORDER BY product_id) FROM inventory.inventory"
        ).fetchone()[0] == [11, 11]
        assert conn.execute(
            "SELECT array_agg(unit_price_minor ORDER BY id) FROM catalog.product"
        ).fetchone()[0] == [250, 250]


# A form that saves every field: the fields that wait for the stock under way
# are passed as they are (reorder_point 0 and active true at creation), or, as
# the control, changed.
FORM_SAVES = {
    ("product", "unchanged"): "SELECT api.update_product(%s, 1, name => 'Renamed', "
                              "reorder_point => 0, active => true)",
    ("product", "changed"): "SELECT api.update_product(%s, 1, name => 'Renamed', "
                            "reorder_point => 5, active => true)",
    ("warehouse", "unchanged"): "SELECT api.update_warehouse(%s, 1, name => 'Renamed', "
                                "timezone => 'UTC', active => true)",
    ("warehouse", "changed"): "SELECT api.update_warehouse(%s, 1, name => 'Renamed', "
                              "timezone => 'Europe/Berlin', active => true)",
}


@pytest.mark.parametrize(("what", "how", "expected"), [
    ("product", "unchanged", "ok"), ("product", "changed", "57014"),
    ("warehouse", "unchanged", "ok"), ("warehouse", "changed", "57014"),
])
def test_a_form_save_waits_for_movements_only_when_it_changes_their_fields(
    world, what, how, expected
):
    """A reorder point, time zone or active flag passed as it is judges nothing,
    so it does not wait out the movement under way (the old code waited the 3 s
    for any of them given); a changed one still waits for it."""
    row = world["products"][0] if what == "product" else world["warehouse"]
    mover, editor = session(world["url"]), session(world["url"])
    with mover, editor:
        assert editor.execute("SELECT timezone FROM warehouse.warehouse WHERE id = %s",
                              [world["warehouse"]]).fetchone()[0] == "UTC"
        receive(mover, world)
        assert outcome(lambda c, w: c.execute(FORM_SAVES[what, how], [row]),
                       editor, world) == expected
        mover.commit()


@pytest.mark.parametrize("what", ["product", "warehouse"])
def test_a_form_save_behind_an_edit_of_its_stock_fields_is_stale(world, what):
    """The unchanged fields are read unlocked: an edit under way that turns the
    product or warehouse out of use is not seen there, so the form save takes no
    stock lock, waits for the edit's row and is refused as stale (SD004), not
    applied over it."""
    row = world["products"][0] if what == "product" else world["warehouse"]
    turn_off = f"SELECT api.update_{what}(%s, 1, active => false)"
    first, second = session(world["url"]), session(world["url"])
    got: dict = {}
    with first, second:
        first.execute(turn_off, [row])

        def save() -> None:
            got["save"] = outcome(
                lambda c, w: c.execute(FORM_SAVES[what, "unchanged"], [row]), second, world)

        t = threading.Thread(target=save)
        t.start()
        wait_until_blocked(world["url"], second.info.backend_pid)
        first.commit()
        t.join(10)
    assert got == {"save": "SD004"}
    table = "catalog.product" if what == "product" else "warehouse.warehouse"
    with psycopg.connect(world["url"]) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        assert conn.execute(f"SELECT active, version FROM {table} WHERE id = %s",
                            [row]).fetchone() == (False, 2)


@pytest.mark.parametrize("second", ["create", "rename"])
def test_a_product_does_not_wait_for_another_transaction_adding_the_same_new_word(world, second):
    """The search vocabulary was unique by tenant and word, so adding a word another
    transaction had just added waited for that one to end: an api.create_product of a
    'Red zyzzyva' waited for an open transaction that had created a 'Blue zyzzyva' (or
    for an import bringing a catalogue's new words, as long as its apply ran) and failed
    at the api's lock_timeout. Each commits its own row of the word now."""
    first, other = session(world["url"]), session(world["url"])
    with first, other:
        first.execute("SELECT api.create_product('BZ', 'Blue zyzzyva')")
        def step(conn: psycopg.Connection, w: dict) -> None:
            if second == "create":
                conn.execute("SELECT api.create_product('RZ', 'Red zyzzyva')")
            else:
                conn.execute("SELECT api.update_product(%s, 1, name => 'Red zyzzyva')",
                             [w["products"][1]])

        assert outcome(step, other, world) == "ok"
        first.commit()
    with session(world["url"]) as conn:
        words = conn.execute("SELECT count(*) FROM catalog.search_word WHERE word = 'zyzzyva'"
                             ).fetchone()[0]
        assert words == 2, "a row each: the one committed first was not there to see"
        # A typo of it finds both, once each.
        found = conn.execute("SELECT sku FROM api.search_products('zyzzyvaa') ORDER BY 1"
                             ).fetchall()
        assert found == [("BZ",), ("L",) if second == "rename" else ("RZ",)]
        conn.execute("SELECT api.create_product('GZ', 'Green zyzzyva')")
        assert conn.execute("SELECT count(*) FROM catalog.search_word WHERE word = 'zyzzyva'"
                            ).fetchone()[0] == 2, "a word already there is not added again"
