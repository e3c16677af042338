"""A product's unit changing while calls count in it: one waits for the other.

The unit is fixed once stock has moved or the product is on an order line,
and every quantity is judged in it. Before calls took the product's row FOR
KEY SHARE and the unit check FOR UPDATE, each side could read the other's
state from before it: a receipt or an order line judged 10.5 against kg while
a change to ea was uncommitted, an import's check likewise, and a products
import's update checked for movements while a receipt was uncommitted; both
committed, leaving 10.5 ea. (api.update_product itself takes the row only FOR
NO KEY UPDATE, so the two tests of a unit change waiting rest on the trigger's
lock; test_master_data_locks.py has edits of other fields not waiting.)
"""

from __future__ import annotations

import threading
import time
import uuid

import psycopg
import pytest
from helpers import (
    ADMIN,
    DEFAULT_TENANT,
    finish,
    stage,
    wait_until_blocked,
    wait_until_blocked_by,
    wait_until_sleeping,
)
from psycopg.types.json import Jsonb

from stockdb.bench_soak import deadlock_count

TENANT = DEFAULT_TENANT


def session(url: str) -> psycopg.Connection:
    """A connection in an open transaction, with the admin's context."""
    conn = psycopg.connect(url)
    conn.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
    return conn


@pytest.fixture
def world(fresh_db) -> dict:
    """Warehouse W (location A1) and product K in kg, with no stock yet."""
    with session(fresh_db) as conn:
        w = conn.execute("SELECT api.create_warehouse('W', 'W')").fetchone()[0]
        loc = conn.execute("SELECT api.create_location(%s, 'A1')", [w]).fetchone()[0]
        product = conn.execute("SELECT api.create_product('K', 'Kilo', unit => 'kg')").fetchone()[0]
        supplier = conn.execute("SELECT api.create_supplier('SUP', 'Supplier')").fetchone()[0]
        customer = conn.execute("SELECT api.create_customer('CUS', 'Customer')").fetchone()[0]
        order = conn.execute(
            "SELECT api.create_purchase_order(%s, 'EUR')", [supplier]).fetchone()[0]
    return {"url": fresh_db, "location": loc, "product": product, "customer": customer,
            "purchase_order": order}


def other_product(url: str):
    """Product P (in ea), beside K: a movement in the same warehouse."""
    with session(url) as conn:
        other = conn.execute("SELECT api.create_product('P', 'Piece')").fetchone()[0]
        conn.commit()
    return other


def receive(conn: psycopg.Connection, world: dict, quantity: str) -> None:
    conn.execute("SELECT api.receive_stock(%s, %s, %s, %s::numeric)",
                 [uuid.uuid4().hex, world["product"], world["location"], quantity])


def order(conn: psycopg.Connection, world: dict, quantity: str) -> None:
    line = {"product_id": str(world["product"]), "quantity": float(quantity),
            "unit_price_minor": 100}
    conn.execute("SELECT api.create_sales_order(%s, %s, %s, 'EUR')",
                 [uuid.uuid4().hex, world["customer"], Jsonb([line])])


def buy(conn: psycopg.Connection, world: dict, quantity: str) -> None:
    conn.execute("SELECT api.add_purchase_order_item(%s, 1, %s, %s::numeric, 100)",
                 [world["purchase_order"], world["product"], quantity])


def change_unit(conn: psycopg.Connection, world: dict) -> None:
    conn.execute("SELECT api.update_product(%s, 1, unit => 'ea')", [world["product"]])


def in_thread(step, conn: psycopg.Connection) -> tuple[threading.Thread, dict]:
    """Runs step(conn) then commits, in a thread; the outcome is 'ok' or the SQLSTATE."""
    got: dict = {}

    def run() -> None:
        try:
            step(conn)
            conn.commit()
            got["outcome"] = "ok"
        except psycopg.Error as e:
            conn.rollback()
            got["outcome"] = e.sqlstate
            got["message"] = str(e)

    t = threading.Thread(target=run)
    t.start()
    return t, got


def unit_and_stock(world: dict) -> tuple:
    with psycopg.connect(world["url"]) as conn:
        return conn.execute(
            "SELECT p.unit, (SELECT sum(i.on_hand) FROM inventory.inventory AS i"
            " WHERE i.product_id = p.id) FROM catalog.product AS p WHERE p.id = %s",
            [world["product"]]).fetchone()


def test_a_unit_change_waits_for_a_movement_under_way_then_refuses(world):
    mover, changer = session(world["url"]), session(world["url"])
    with mover, changer:
        receive(mover, world, "10.5")
        t, got = in_thread(lambda c: change_unit(c, world), changer)
        wait_until_blocked(world["url"], changer.info.backend_pid)
        mover.commit()
        t.join(10)
    assert got["outcome"] == "22023", got
    assert "cannot change: its stock is counted in kg" in got["message"]
    assert unit_and_stock(world) == ("kg", 10.5)


@pytest.mark.parametrize("step", [receive, order, buy])
def test_a_call_waits_for_a_unit_change_under_way_then_judges_in_the_new_unit(world, step):
    """A receipt, a sales order line, a purchase order line: each judged 10.5
    against kg while the change to ea was uncommitted, and was kept as 10.5 ea."""
    changer, mover = session(world["url"]), session(world["url"])
    with changer, mover:
        change_unit(changer, world)
        t, got = in_thread(lambda c: step(c, world, "10.5"), mover)
        wait_until_blocked(world["url"], mover.info.backend_pid)
        changer.commit()
        t.join(10)
    assert got["outcome"] == "22023", got
    assert "quantity has more decimals than unit ea allows" in got["message"]
    assert unit_and_stock(world) == ("ea", None)


def finish_behind(world: dict, holder: psycopg.Connection, importer: psycopg.Connection,
                  batch: str) -> tuple[dict, dict]:
    """Finishes the batch in a thread while holder's transaction is open, waits
    until the import waits for it, commits holder: the thread's outcome, and
    the batch with its errors."""
    result: dict = {}
    t, got = in_thread(lambda c: finish(c, batch, result), importer)
    wait_until_blocked(world["url"], importer.info.backend_pid)
    holder.commit()
    t.join(10)
    return got, result


def test_a_products_import_changing_the_unit_waits_for_a_movement_then_names_the_cell(world):
    """The check takes the product before it judges the new unit: it waits for the
    receipt under way, sees it, and rejects the row naming the cell. (Before,
    the check saw no stock and passed it; the apply's update waited, then
    failed the whole batch with 22023. Nothing was applied either way.)"""
    mover, importer = session(world["url"]), session(world["url"])
    with mover, importer:
        receive(mover, world, "10.5")
        batch = stage(importer, "products", ["sku", "name", "unit"], [["K", "Kilo", "ea"]],
                      mode="upsert")
        got, result = finish_behind(world, mover, importer, batch)
    assert got["outcome"] == "ok", got
    assert result["batch"]["status"] == "rejected"
    assert result["errors"] == [
        (2, "unit", "cannot change from kg: this product's stock has moved")]
    assert unit_and_stock(world) == ("kg", 10.5)


SHEETS = {
    "opening_stock": (["sku", "warehouse", "location", "quantity"],
                      ["K", "W", "A1", "10.5"]),
    "cycle_counts": (["sku", "warehouse", "location", "counted_quantity"],
                     ["K", "W", "A1", "10.5"]),
    "purchase_orders": (["po_number", "supplier", "currency", "sku", "unit_cost_minor",
                         "quantity"], ["PO-9", "SUP", "EUR", "K", "100", "10.5"]),
}


@pytest.mark.parametrize("kind", sorted(SHEETS))
def test_an_import_waits_for_a_unit_change_then_judges_in_the_new_unit(world, kind):
    """Checked while the change to ea was uncommitted, 10.5 was judged in kg and
    kept as 10.5 ea; now the check waits for the change and reads ea."""
    columns, row = SHEETS[kind]
    column = columns[-1]
    changer, importer = session(world["url"]), session(world["url"])
    with changer, importer:
        change_unit(changer, world)
        batch = stage(importer, kind, columns, [row])
        got, result = finish_behind(world, changer, importer, batch)
    assert got["outcome"] == "ok", got
    assert result["batch"]["status"] == "rejected"
    assert result["errors"] == [(2, column, "more decimals than the product's unit allows (0)")]
    assert unit_and_stock(world) == ("ea", None)


def test_a_unit_change_waits_for_a_stock_import_under_way_then_refuses(world):
    importer, changer = session(world["url"]), session(world["url"])
    with importer, changer:
        batch = stage(importer, "opening_stock", ["sku", "warehouse", "location", "quantity"],
                      [["K", "W", "A1", "10.5"]])
        result: dict = {}
        finish(importer, batch, result)
        assert result["batch"]["status"] == "applied"
        t, got = in_thread(lambda c: change_unit(c, world), changer)
        wait_until_blocked(world["url"], changer.info.backend_pid)
        importer.commit()
        t.join(10)
    assert got["outcome"] == "22023", got
    assert unit_and_stock(world) == ("kg", 10.5)


def test_an_order_of_two_products_and_an_import_changing_both_units_do_not_deadlock(world):
    """The order took its lines' products one by one, in line order, and the
    import's unit trigger took them FOR UPDATE in its update's order: an order of
    L then K, held up after its first line while the import changed K then L,
    waited for each other (40P01). Both now take them in id order: the import
    waits for the order, then refuses both new units (they are on its lines)."""
    url = world["url"]
    first = world["product"]  # K, created first: the smaller id (uuid v7)
    with session(url) as conn:
        second = conn.execute("SELECT api.create_product('L', 'Litre', unit => 'kg')").fetchone()[0]
    with psycopg.connect(url, autocommit=True) as admin:
        # The order is held up after its first line, as a busy server might.
        admin.execute("CREATE FUNCTION public.slow_line() RETURNS trigger LANGUAGE plpgsql AS "
                      "$$ BEGIN PERFORM pg_sleep(1.5); RETURN NEW; END $$")
        admin.execute(f"CREATE TRIGGER slow_line BEFORE INSERT ON sales.sales_order_item "
                      f"FOR EACH ROW WHEN (NEW.product_id = '{second}') "
                      f"EXECUTE FUNCTION public.slow_line()")
    lines = [{"product_id": str(p), "quantity": 1, "unit_price_minor": 100}
             for p in (second, first)]
    seller, importer = session(url), session(url)
    result: dict = {}
    with seller, importer:
        sold, sale = in_thread(lambda c: c.execute(
            "SELECT api.create_sales_order(%s, %s, %s, 'EUR')",
            [uuid.uuid4().hex, world["customer"], Jsonb(lines)]), seller)
        wait_until_sleeping(url, seller.info.backend_pid)
        batch = stage(importer, "products", ["sku", "name", "unit"],
                      [["K", "Kilo", "ea"], ["L", "Litre", "ea"]], mode="upsert")
        imported, run = in_thread(lambda c: finish(c, batch, result), importer)
        sold.join(15)
        imported.join(15)
    assert sale == {"outcome": "ok"}
    assert run == {"outcome": "ok"}
    assert result["batch"]["status"] == "rejected", result
    assert result["errors"] == [
        (2, "unit", "cannot change from kg: this product is on sales order lines"),
        (3, "unit", "cannot change from kg: this product is on sales order lines"),
    ]
    assert unit_and_stock(world) == ("kg", None)


def test_a_count_import_waiting_for_a_unit_change_holds_up_no_movement(world):
    """A cycle-count import took its warehouses' stock, then waited for the
    products it names: behind a unit change under way (a products import's, which
    then waits for that stock to judge its reorder points), it held every movement
    of the warehouse, and the stock chaos test met the deadlock of the three
    (40P01 for a transfer). It now takes the products first, as an opening-stock
    import and a movement do, so the warehouse stays free while it waits."""
    url = world["url"]
    other = other_product(url)
    changer, importer, mover = session(url), session(url), session(url)
    result: dict = {}
    with changer, importer, mover:
        change_unit(changer, world)
        batch = stage(importer, "cycle_counts",
                      ["sku", "warehouse", "location", "counted_quantity"], [["K", "W", "A1", "3"]])
        counted, count = in_thread(lambda c: finish(c, batch, result), importer)
        wait_until_blocked(url, importer.info.backend_pid)
        moved, move = in_thread(lambda c: c.execute(
            "SELECT api.receive_stock(%s, %s, %s, 2)",
            [uuid.uuid4().hex, other, world["location"]]), mover)
        moved.join(3)
        finished_before_the_change = dict(move)
        changer.commit()
        counted.join(15)
        moved.join(15)
    assert finished_before_the_change == {"outcome": "ok"}
    assert count == {"outcome": "ok"}
    assert result["batch"]["status"] == "applied", result
    assert unit_and_stock(world) == ("ea", 3)


@pytest.mark.parametrize("stock_before", [True, False], ids=["counted", "first-receipt"])
def test_a_unit_and_reorder_change_racing_movements_refuses_without_deadlock(world, stock_before):
    """update_product took the product's stock locks (a new reorder point is
    judged under them) and then, for the new unit, the row FOR UPDATE, which waits
    for the movements under way: one that held the row FOR KEY SHARE and waited
    for those stock locks deadlocked with it (40P01, 15 times in the stock chaos
    test's 90 s). A unit change now takes the row first, or, when something is
    already counted in the unit (which stays so), is refused before any lock."""
    url = world["url"]
    if stock_before:
        with session(url) as conn:
            receive(conn, world, "1")
            conn.commit()
    holder, changer, mover = session(url), session(url), session(url)
    with holder, changer, mover:
        receive(holder, world, "2")  # the stock lock and the row FOR KEY SHARE, held
        changing, change = in_thread(lambda c: c.execute(
            "SELECT api.update_product(%s, 1, unit => 'ea', reorder_point => 5)",
            [world["product"]]), changer)
        if not stock_before:
            wait_until_blocked(url, changer.info.backend_pid)
        moving, move = in_thread(lambda c: receive(c, world, "4"), mover)
        wait_until_blocked(url, mover.info.backend_pid)
        holder.commit()
        changing.join(15)
        moving.join(15)
    assert change["outcome"] == "22023", change
    assert "cannot change" in change["message"]
    assert move == {"outcome": "ok"}
    assert unit_and_stock(world) == ("kg", 7 if stock_before else 6)


def test_a_products_import_behind_a_unit_change_takes_the_row_before_the_stock(world):
    """A products import read the units before it locked its rows: a product
    whose unit a call under way was changing still showed the sheet's unit, so
    the import took the row FOR NO KEY UPDATE only, then the stock (its reorder
    point changes), and the unit trigger took the row FOR UPDATE after it,
    waiting for a movement that held the row and waited for that stock: 40P01,
    twice in a 240 s stock chaos run. The units are now compared once the rows
    are held, and the FOR UPDATE comes before the stock.

    The unit is changed by hand with its trigger off (session_replication_role),
    which takes the row FOR NO KEY UPDATE only: so the movement can hold the row
    FOR KEY SHARE across the change, as it does when it is granted the row first
    once an api.update_product commits (the order the chaos test met; after a
    real update_product the two are woken together, and either may win)."""
    url = world["url"]
    changer, importer, mover = session(url), session(url), session(url)
    result: dict = {}
    with changer, importer, mover:
        mover.execute("SELECT FROM catalog.product WHERE id = %s FOR KEY SHARE",
                      [world["product"]])
        changer.execute("SET LOCAL session_replication_role = replica")
        changer.execute("UPDATE catalog.product SET unit = 'ea' WHERE id = %s",
                        [world["product"]])
        batch = stage(importer, "products", ["sku", "name", "unit", "reorder_point"],
                      [["K", "Kilo", "kg", "5"]], mode="upsert")
        importing, imported = in_thread(lambda c: finish(c, batch, result), importer)
        wait_until_blocked(url, importer.info.backend_pid)
        changer.commit()
        wait_until_blocked_by(url, importer.info.backend_pid, mover.info.backend_pid)
        moving, move = in_thread(lambda c: receive(c, world, "2"), mover)
        moving.join(15)
        importing.join(15)
    assert move == {"outcome": "ok"}
    assert imported == {"outcome": "ok"}
    failure = result["batch"]["failure"]
    assert (result["batch"]["status"], failure["sqlstate"]) == ("failed", "22023"), result
    assert "cannot change: its stock is counted in ea" in failure["message"]
    assert unit_and_stock(world) == ("ea", 2)


def finished_or_blocked_by(url: str, t: threading.Thread, pid: int, blocker: int) -> None:
    """Returns once thread t has ended or backend pid waits for backend blocker."""
    with psycopg.connect(url, autocommit=True) as watch:
        for _ in range(500):
            if not t.is_alive() or watch.execute(
                    "SELECT %s = ANY(pg_blocking_pids(%s))", [blocker, pid]).fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError(f"backend {pid} neither ended nor waited for backend {blocker}")


def test_a_unit_change_behind_a_receipt_is_refused_before_the_stock(world):
    """update_product judged the unit free before it waited for the row; behind
    a receipt (and a reservation) it then took the stock locks, and only the
    trigger refused the unit after them. A call closing that reservation holds
    those locks first and the row after them (its ledger row's foreign key):
    40P01 for fulfil and release in a 240 s stock chaos run of 12 sessions. It
    now asks again once it holds the row, before the stock."""
    url = world["url"]
    holder, changer, stocker = session(url), session(url), session(url)
    with holder, changer, stocker:
        receive(holder, world, "2")  # the row FOR KEY SHARE and the stock, held
        changing, change = in_thread(lambda c: c.execute(
            "SELECT api.update_product(%s, 1, unit => 'ea', reorder_point => 5)",
            [world["product"]]), changer)
        wait_until_blocked(url, changer.info.backend_pid)
        release = threading.Event()

        def hold_stock(c: psycopg.Connection) -> None:
            # Stock first, the row after it, as inventory.close_reservation takes them.
            c.execute("SELECT inventory.lock_stock(%s, ARRAY[%s]::uuid[], "
                      "ARRAY(SELECT warehouse_id FROM warehouse.location WHERE id = %s))",
                      [TENANT, world["product"], world["location"]])
            assert release.wait(15)

        holding, held = in_thread(hold_stock, stocker)
        wait_until_blocked(url, stocker.info.backend_pid)
        holder.commit()
        finished_or_blocked_by(url, changing, changer.info.backend_pid,
                               stocker.info.backend_pid)
        refused_at_once = dict(change)
        release.set()
        holding.join(15)
        changing.join(15)
    assert refused_at_once.get("outcome") == "22023", refused_at_once
    assert "cannot change: its stock is counted in kg" in refused_at_once["message"]
    assert held == {"outcome": "ok"}
    assert unit_and_stock(world) == ("kg", 2)


def test_a_products_import_whose_unit_was_counted_meanwhile_is_refused_before_the_stock(world):
    """A products import whose apply waits for a unit change that also counted
    stock in the new unit: it then held the row FOR UPDATE, took its warehouses'
    stock (its reorder point changes) and only the unit trigger refused, so it
    waited for every call holding that stock first, one closing a reservation of
    the product among them, which waits for the row. It is now refused as soon as
    it holds the row."""
    url = world["url"]
    other = other_product(url)
    stocker, changer, importer = session(url), session(url), session(url)
    result: dict = {}
    with stocker, changer, importer:
        stocker.execute("SELECT api.receive_stock(%s, %s, %s, 1)",
                        [uuid.uuid4().hex, other, world["location"]])  # warehouse W, held
        change_unit(changer, world)
        receive(changer, world, "2")  # counted in ea, in the same transaction
        batch = stage(importer, "products", ["sku", "name", "unit", "reorder_point"],
                      [["K", "Kilo", "kg", "5"]], mode="upsert")
        importing, imported = in_thread(lambda c: finish(c, batch, result), importer)
        wait_until_blocked(url, importer.info.backend_pid)
        changer.commit()
        importing.join(3)
        done_while_the_stock_was_held = dict(imported)
        stocker.commit()
        importing.join(15)
    assert done_while_the_stock_was_held == {"outcome": "ok"}
    failure = result["batch"]["failure"]
    assert (result["batch"]["status"], failure["sqlstate"]) == ("failed", "22023"), result
    assert "cannot change: its stock is counted in ea" in failure["message"]
    assert unit_and_stock(world) == ("ea", 2)


def sheet_of_k_and_n(kind: str) -> tuple[list[str], list[list[str]]]:
    """The kind's sheet (SHEETS) with two rows, SKUs K and N, each of quantity 3."""
    columns, row = SHEETS[kind]
    return columns, [[(sku if c == "sku" else v) for c, v in zip(columns, [*row[:-1], "3"],
                                                                 strict=True)]
                     for sku in ("K", "N")]


def add_product_n(conn: psycopg.Connection):
    new = conn.execute("SELECT api.create_product('N', 'New')").fetchone()[0]
    conn.commit()
    return new


@pytest.mark.parametrize("kind", sorted(SHEETS))
def test_an_import_naming_a_product_added_after_it_took_its_products_fails_saying_to_rerun(
        world, kind):
    """An import holds the products it names FOR KEY SHARE from before its check
    to its end, so their units stay as it judged them. One added under a SKU it
    names after its lock began (here while it waited for K) was checked and
    applied without that lock. The import now fails with 40001, nothing applied;
    run again, it holds that product too."""
    url = world["url"]
    pauser, importer, adder = session(url), session(url), session(url)
    result: dict = {}
    with pauser, importer, adder:
        batch = stage(importer, kind, *sheet_of_k_and_n(kind))
        pauser.execute("SELECT FROM catalog.product WHERE id = %s FOR UPDATE", [world["product"]])
        imported, outcome = in_thread(lambda c: finish(c, batch, result), importer)
        wait_until_blocked_by(url, importer.info.backend_pid, pauser.info.backend_pid)
        add_product_n(adder)
        pauser.commit()
        imported.join(15)
    assert outcome["outcome"] == "40001", (outcome, result)
    assert "added while" in outcome["message"]
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM inventory.stock_movement").fetchone()[0] == 0
        assert conn.execute(
            "SELECT count(*) FROM procurement.purchase_order_item").fetchone()[0] == 0


def test_a_count_import_naming_a_product_added_after_it_took_its_products_lets_go_of_the_stock(
        world):
    """A cycle-count import takes the products it names, then its warehouses'
    stock, then checks its rows. A product added under a SKU it names in between
    was moved without that lock, taken only by the ledger's foreign key after the
    stock: behind a unit change of the new product, which waited for that stock to
    judge its reorder point, the two deadlocked (the stock chaos test, with a
    products import changing the unit: 40P01 for the movements queued behind).
    The import now fails with 40001 before it moves anything, and the change goes
    through."""
    url = world["url"]
    pauser, importer, adder, changer = (session(url), session(url), session(url),
                                        session(url))
    result: dict = {}
    with pauser, importer, adder, changer:
        before = deadlock_count(pauser)
        batch = stage(importer, "cycle_counts", *sheet_of_k_and_n("cycle_counts"))
        # The check reads the locations only once it holds the stock: it waits there.
        pauser.execute("LOCK TABLE warehouse.location IN ACCESS EXCLUSIVE MODE")
        imported, outcome = in_thread(lambda c: finish(c, batch, result), importer)
        wait_until_blocked_by(url, importer.info.backend_pid, pauser.info.backend_pid)
        new = add_product_n(adder)
        changed, change = in_thread(lambda c: c.execute(
            "SELECT api.update_product(%s, 1, unit => 'kg', reorder_point => 4)", [new]), changer)
        wait_until_blocked_by(url, changer.info.backend_pid, importer.info.backend_pid)
        pauser.commit()
        imported.join(15)
        changed.join(15)
        after = deadlock_count(pauser)
    assert change == {"outcome": "ok"}
    assert outcome["outcome"] == "40001", (outcome, result)
    assert after == before
