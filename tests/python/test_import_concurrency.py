"""Imports side by side with each other and with api calls: never deadlocked."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import psycopg
from helpers import (
    ADMIN,
    DEFAULT_TENANT,
    finish,
    run_all,
    second_waits_for_first,
    stage,
    wait_until_any_blocked_by,
    wait_until_blocked,
    wait_until_blocked_by,
)
from test_import import write_xlsx

from stockdb import xlsx_import as xi
from stockdb.bench_soak import deadlock_count

TENANT = DEFAULT_TENANT


def stage_products(conn: psycopg.Connection, rows: list[tuple[str, str]],
                   mode: str = "upsert") -> dict:
    """A products import as `stockdb import run` makes it (begin, COPY, finish), each
    row (sku, name), in the connection's open transaction."""
    conn.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
    batch = conn.execute(
        "SELECT batch_id FROM staging.begin_batch('products', 'p.xlsx', %s, 'Sheet1', "
        "ARRAY['sku', 'name'], %s)", [uuid.uuid4().hex * 2, mode]).fetchone()[0]
    with conn.cursor().copy("COPY staging.product_row (tenant_id, batch_id, row_number, sku, "
                            "name) FROM STDIN") as copy:
        for n, (sku, name) in enumerate(rows, start=2):
            copy.write_row((TENANT, batch, n, sku, name))
    return conn.execute("SELECT staging.finish_batch(%s)", [batch]).fetchone()[0]


def import_products(url: str, rows: list[tuple[str, str]]) -> str:
    """A products import in its own transaction; its status, or its failure's SQLSTATE."""
    with psycopg.connect(url) as conn, conn.transaction():
        done = stage_products(conn, rows)
    return done["failure"]["sqlstate"] if done["status"] == "failed" else done["status"]


def test_product_imports_over_the_same_skus_never_deadlock(fresh_db):
    """Two upserts of the same 40 SKUs, in opposite orders, over and over: each
    locked its rows in its own order, and 3 of 183 imports in 6 s failed with
    40P01 before imports of products took turns."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        before = deadlock_count(conn)
    stop = time.monotonic() + 6.0
    outcomes: list[str] = []

    def importer(reverse: bool) -> None:
        n = 0
        while time.monotonic() < stop:
            n += 1
            skus = [f"S{i:03d}" for i in range(40)]
            if reverse:
                skus.reverse()
            outcomes.append(import_products(
                fresh_db, [(s, f"{s} {'ab' if reverse else 'cd'} {n}") for s in skus]))

    threads = [threading.Thread(target=importer, args=(r,)) for r in (False, True)]
    run_all(threads, 30)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        after = deadlock_count(conn)
    assert after == before, {o: outcomes.count(o) for o in set(outcomes)}
    assert set(outcomes) == {"applied"}


def word(n: int, salt: str) -> str:
    """A word of letters only, new to the vocabulary."""
    return salt + "".join("abcdefghij"[int(d)] for d in f"{n:05d}")


def test_product_calls_during_an_import_of_the_same_new_words_never_deadlock(fresh_db):
    """api.create_product naming, in another order, words an import of 3,000
    products is adding: each statement inserted its new words in the order of its
    own hash table, and 7 calls in 8 s failed with 40P01 before words went in
    word order."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        before = deadlock_count(conn)
    stop = time.monotonic() + 6.0
    outcomes: list[str] = []
    created: list[str] = []
    errors: list[str] = []

    def importer() -> None:
        round_ = 0
        while time.monotonic() < stop:
            round_ += 1
            salt = "x" + "abcdefghij"[round_ % 10] + "abcdefghij"[round_ // 10 % 10]
            rows = [(f"I{round_}-{n}", f"{word(n, salt + 'q')} {word(n, salt + 'r')}")
                    for n in range(3000)]
            outcomes.append(import_products(fresh_db, rows))

    def caller() -> None:
        n = 0
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            while time.monotonic() < stop:
                n += 1
                round_ = len(outcomes) + 1
                salt = "x" + "abcdefghij"[round_ % 10] + "abcdefghij"[round_ // 10 % 10]
                k = (n * 37) % 3000
                try:
                    with conn.transaction():
                        conn.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
                        conn.execute("SELECT api.create_product(%s, %s)",
                                     [f"C{n}", f"{word(k, salt + 'r')} {word(k + 1, salt + 'q')} "
                                      f"{word(k, salt + 'q')}"])
                    created.append(f"C{n}")
                except psycopg.Error as e:
                    errors.append(e.sqlstate or "")

    threads = [threading.Thread(target=importer), threading.Thread(target=caller)]
    run_all(threads, 30, url=fresh_db)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        after = deadlock_count(conn)
    assert after == before, {e: errors.count(e) for e in set(errors)}
    assert set(outcomes) == {"applied"} and created
    # A call may wait out its lock_timeout on words an import has not committed yet.
    assert set(errors) <= {"55P03"}, errors


def test_a_second_import_waits_for_the_first_and_sees_what_it_applied(fresh_db):
    """Checked while the first was applying, the second judged S1 new and failed on
    its insert with a raw 23505; now it waits (saying so), then finds S1 there."""
    first = psycopg.connect(fresh_db)
    notices: list[str] = []
    got: dict = {}
    try:
        assert stage_products(first, [("S1", "First one")])["status"] == "applied"

        def second() -> None:
            with psycopg.connect(fresh_db) as conn, conn.transaction():
                conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
                got.update(stage_products(conn, [("S1", "First one"), ("S2", "Second one")]))

        t = threading.Thread(target=second)
        t.start()
        deadline = time.monotonic() + 5
        while not notices and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "waiting for the import running in this tenant to finish" in notices
        assert t.is_alive()
        first.commit()
        t.join(10)
    finally:
        first.close()
    assert (got["status"], got["inserted"], got["unchanged"]) == ("applied", 1, 1)
    assert not got.get("failure")



def test_an_import_whose_new_sku_a_call_adds_meanwhile_fails_saying_to_run_it_again(fresh_db):
    """create_product is not held up by imports, so an import can judge a SKU new
    that a call commits before the import inserts it: the batch fails, applies
    nothing, and says that running it again will find the row."""
    caller = psycopg.connect(fresh_db)
    got: dict = {}
    try:
        caller.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        caller.execute("SELECT api.create_product('S1', 'From the api')")

        def importer() -> None:
            with psycopg.connect(fresh_db) as conn, conn.transaction():
                got["pid"] = conn.info.backend_pid
                got.update(stage_products(conn, [("S1", "From the sheet"), ("S2", "Two")]))

        t = threading.Thread(target=importer)
        t.start()
        deadline = time.monotonic() + 10
        while "pid" not in got and time.monotonic() < deadline:
            time.sleep(0.02)
        wait_until_blocked(fresh_db, got["pid"])
        caller.commit()
        t.join(10)
    finally:
        caller.close()
    assert got["status"] == "failed", got
    assert got["failure"]["sqlstate"] == "23505"
    assert "import the file again" in got["failure"]["hint"]
    with psycopg.connect(fresh_db) as conn:
        names = conn.execute("SELECT sku, name FROM catalog.product ORDER BY sku").fetchall()
    assert names == [("S1", "From the api")]
    # Run again, it finds S1 there: an upsert updates it and adds S2.
    assert import_products(fresh_db, [("S1", "From the sheet"), ("S2", "Two")]) == "applied"


def test_a_products_import_behind_a_category_delete_reports_the_rows_it_named(fresh_db):
    """An import's check found the category, a delete_category committed, and the
    apply's insert failed whole with the foreign key's 23503 and a generic
    message. Now the check waits for the delete and reports each row naming it."""
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        gone = conn.execute("SELECT api.create_category('Gone')").fetchone()[0]
        conn.execute("SELECT api.create_category('Kept')")
    done: dict = {}

    def delete(conn: psycopg.Connection) -> None:
        conn.execute("SELECT api.delete_category(%s, 1)", [gone])

    def import_named(conn: psycopg.Connection) -> None:
        batch = conn.execute(
            "SELECT batch_id FROM staging.begin_batch('products', 'p.xlsx', %s, 'Sheet1', "
            "ARRAY['sku', 'name', 'category'], 'upsert')", [uuid.uuid4().hex * 2]).fetchone()[0]
        with conn.cursor().copy("COPY staging.product_row (tenant_id, batch_id, row_number, sku, "
                                "name, category) FROM STDIN") as copy:
            for n, category in enumerate(["Gone", "Kept", "Gone"], start=2):
                copy.write_row((TENANT, batch, n, f"C{n}", f"Product {n}", category))
        done.update(conn.execute("SELECT staging.finish_batch(%s)", [batch]).fetchone()[0])
        done["errors"] = conn.execute(
            "SELECT row_number, reason FROM staging.import_error WHERE batch_id = %s "
            "ORDER BY row_number", [batch]).fetchall()

    assert second_waits_for_first(fresh_db, delete, import_named) == "ok"
    assert done["status"] == "rejected", done.get("failure")
    assert done["errors"] == [(2, "no category with this path (import categories first)"),
                              (4, "no category with this path (import categories first)")]
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT count(*) FROM catalog.product").fetchone()[0] == 0


def test_a_categories_import_behind_a_category_delete_makes_the_path_anew(fresh_db):
    """A categories import found the parent of a new category, a delete_category
    of that parent committed, and the apply's insert under it failed the import
    whole with the foreign key's 23503. The import now takes the tenant's
    category tree first, as every change of the tree does: behind the delete it
    finds the parent gone and creates the whole path."""
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        gone = conn.execute("SELECT api.create_category('Tools')").fetchone()[0]
    done: dict = {}

    def delete(conn: psycopg.Connection) -> None:
        conn.execute("SELECT api.delete_category(%s, 1)", [gone])

    def import_path(conn: psycopg.Connection) -> None:
        batch = stage(conn, "categories", ["path"], [["Tools/Hand"]])
        done.update(conn.execute("SELECT staging.finish_batch(%s)", [batch]).fetchone()[0])

    assert second_waits_for_first(fresh_db, delete, import_path) == "ok"
    assert (done["status"], done.get("failure")) == ("applied", None)
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute(
            "SELECT c.name, p.name FROM catalog.product_category AS c "
            "LEFT JOIN catalog.product_category AS p ON p.id = c.parent_id ORDER BY c.path"
        ).fetchall() == [("Tools", None), ("Hand", "Tools")]


def finish_across_a_gap(url: str, batch_of, held_sql: str, add, delete) -> dict:
    """An import that names a row added, then deleted, between two of its statements.

    held_sql takes, in a pauser's transaction, a row the import's first lock waits
    for; while it waits, add(conn) commits a row the sheet names (after that lock's
    snapshot, so it is not held), and delete(conn) deletes it in a transaction left
    open. The pauser commits: the import reads the new row as live and then waits
    for the delete, which commits. The batch as finish_batch gives it, or its failure."""
    pauser, importer, adder, deleter = (psycopg.connect(url) for _ in range(4))
    for conn in (pauser, importer, adder, deleter):
        conn.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
    done: dict = {}

    def run() -> None:
        try:
            done.update(
                importer.execute("SELECT staging.finish_batch(%s)", [batch]).fetchone()[0])
            done["errors"] = importer.execute(
                "SELECT row_number, column_name, reason FROM staging.import_error "
                "WHERE batch_id = %s ORDER BY row_number", [batch]).fetchall()
            importer.commit()
        except psycopg.Error as e:
            importer.rollback()
            done["failure"] = {"sqlstate": e.sqlstate, "message": str(e)}

    with pauser, importer, adder, deleter:
        batch = batch_of(importer)
        pauser.execute(held_sql)
        t = threading.Thread(target=run)
        t.start()
        wait_until_blocked_by(url, importer.info.backend_pid, pauser.info.backend_pid)
        add(adder)
        adder.commit()
        delete(deleter)
        pauser.commit()
        wait_until_blocked_by(url, importer.info.backend_pid, deleter.info.backend_pid)
        deleter.commit()
        t.join(15)
    return done


def test_a_purchase_order_import_naming_a_supplier_deleted_under_it_reports_the_row(fresh_db):
    """The import holds the suppliers its sheet names FOR KEY SHARE, so a delete
    waits for it. A supplier added under a named code after that lock ran was
    read as live by the check and left unheld: deleted before the apply (a soft
    delete, which the foreign key does not see), it got the batch's order. The
    import now holds what its rows resolved, and a row whose supplier went is
    reported as naming none."""
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        conn.execute("SELECT api.create_supplier('SUP', 'Supplier')")
        conn.execute("SELECT api.create_product('K', 'K')")
    columns = ["po_number", "supplier", "currency", "sku", "unit_cost_minor", "quantity"]
    rows = [["PO-1", "SUP", "EUR", "K", "100", "1"], ["PO-2", "NEW", "EUR", "K", "100", "1"]]
    added: dict = {}

    def add(conn: psycopg.Connection) -> None:
        added["id"] = conn.execute("SELECT api.create_supplier('NEW', 'New')").fetchone()[0]

    done = finish_across_a_gap(
        fresh_db, lambda c: stage(c, "purchase_orders", columns, rows),
        "SELECT FROM procurement.supplier WHERE code = 'SUP' FOR UPDATE", add,
        lambda c: c.execute("SELECT api.delete_supplier(%s, 1)", [added["id"]]))
    assert done.get("status") == "rejected", done
    assert done["errors"] == [(3, "supplier", "no live supplier with this code")]
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT count(*) FROM procurement.purchase_order").fetchone()[0] == 0


def test_a_products_import_naming_a_category_deleted_under_it_reports_the_rows(fresh_db):
    """The import holds the tenant's categories FOR KEY SHARE before it resolves
    its paths. A category added after that lock ran was resolved and left unheld:
    deleted before the apply, the apply's insert failed the batch whole with the
    foreign key's 23503. The import now holds what its rows resolved, and a row
    whose category went is reported as naming none."""
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        conn.execute("SELECT api.create_category('Kept')")
    rows = [["C2", "Two", "Kept"], ["C3", "Three", "New"], ["C4", "Four", "New"]]
    added: dict = {}

    def add(conn: psycopg.Connection) -> None:
        added["id"] = conn.execute("SELECT api.create_category('New')").fetchone()[0]

    done = finish_across_a_gap(
        fresh_db, lambda c: stage(c, "products", ["sku", "name", "category"], rows),
        "SELECT FROM catalog.product_category WHERE name = 'Kept' FOR UPDATE", add,
        lambda c: c.execute("SELECT api.delete_category(%s, 1)", [added["id"]]))
    assert done.get("status") == "rejected", done
    reason = "no category with this path (import categories first)"
    assert done["errors"] == [(3, "category", reason), (4, "category", reason)]
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT count(*) FROM catalog.product").fetchone()[0] == 0


def opening_stock_sheet(directory: Path, rows: list[list]) -> Path:
    """An opening-stock workbook of these rows (the header first) in directory."""
    return write_xlsx(directory / "opening_stock.xlsx", rows, "opening_stock")


def import_in_background(url: str, path: Path, phases: list[str], done: dict) -> threading.Thread:
    """stockdb import run of an opening-stock sheet, started in a thread: its phases go to
    phases, its result to done["result"] or its error's SQLSTATE to done["failure"]."""

    def run() -> None:
        try:
            done["result"] = xi.run_import(url, "opening_stock", path, phase=phases.append)
        except psycopg.Error as e:
            done["failure"] = e.sqlstate

    t = threading.Thread(target=run)
    t.start()
    return t

def test_an_import_failing_with_a_serialization_failure_is_tried_again(fresh_db, tmp_path):
    """An opening-stock import that waited for product K while product N, which its
    sheet names, was added fails with 40001 (it took its products before N was
    there), and its hint says to run it again. stockdb import now does so itself:
    the second try holds N too and applies both rows."""
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        warehouse = conn.execute("SELECT api.create_warehouse('W', 'W')").fetchone()[0]
        conn.execute("SELECT api.create_location(%s, 'A1')", [warehouse])
        conn.execute("SELECT api.create_product('K', 'K')")
    path = opening_stock_sheet(tmp_path, [["sku", "warehouse", "location", "quantity"],
                                          ["K", "W", "A1", 3], ["N", "W", "A1", 4]])
    phases: list[str] = []
    done: dict = {}
    with psycopg.connect(fresh_db) as pauser, psycopg.connect(fresh_db) as adder:
        pauser.execute("SELECT FROM catalog.product WHERE sku = 'K' FOR UPDATE")
        t = import_in_background(fresh_db, path, phases, done)
        wait_until_any_blocked_by(fresh_db, pauser.info.backend_pid)
        adder.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        adder.execute("SELECT api.create_product('N', 'N')")
        adder.commit()
        pauser.commit()
        t.join(30)
    assert "failure" not in done, done
    assert done["result"].status == "applied", done["result"].batch
    assert ("a product the sheet names was added while the import ran; importing again "
            "(try 2 of 3)") in phases
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute(
            "SELECT p.sku, i.on_hand FROM inventory.inventory AS i JOIN catalog.product AS p "
            "ON p.id = i.product_id ORDER BY p.sku").fetchall() == [("K", 3), ("N", 4)]


def test_an_opening_stock_import_behind_a_receipt_of_its_lot_at_another_cost_says_so(
        fresh_db, tmp_path):
    """An opening-stock import checks its lots before it holds its warehouses' stock: a
    receipt of the same new lot at another cost, committed while the import waited for
    that stock, made the lot, and the import's rows went into it at the receipt's cost
    without a word (dates likewise). Now the apply finds the lot changed (40001), the
    import is tried again, and its check names the cell."""
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        warehouse = conn.execute("SELECT api.create_warehouse('W', 'W')").fetchone()[0]
        location = conn.execute("SELECT api.create_location(%s, 'A1')", [warehouse]).fetchone()[0]
        product = conn.execute("SELECT api.create_product('K', 'K')").fetchone()[0]
    path = opening_stock_sheet(tmp_path, [
        ["sku", "warehouse", "location", "quantity", "batch_number", "unit_cost_minor", "currency"],
        ["K", "W", "A1", 3, "LOT-9", 100, "EUR"]])
    phases: list[str] = []
    done: dict = {}
    with psycopg.connect(fresh_db) as receiver:
        receiver.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        receiver.execute(
            "SELECT api.receive_stock('rc-1', %s, %s, 1, 'LOT-9', unit_cost_minor => 90, "
            "currency => 'EUR')", [product, location])
        t = import_in_background(fresh_db, path, phases, done)
        wait_until_any_blocked_by(fresh_db, receiver.info.backend_pid)
        receiver.commit()
        t.join(30)
    assert "failure" not in done, done
    result = done["result"]
    assert result.status == "rejected", result.batch
    assert ("batch LOT-9 of K changed while the import ran; importing again (try 2 of 3)"
            in phases), phases
    with psycopg.connect(fresh_db) as conn:
        errors = list(xi.batch_errors(conn, result.batch["id"], TENANT))
        assert [(e["row_number"], e["column_name"], e["reason"]) for e in errors] == [
            (2, "unit_cost_minor", "batch LOT-9 is known at 90 EUR a unit")]
        assert conn.execute(
            "SELECT b.unit_cost_minor, i.on_hand FROM inventory.inventory AS i "
            "JOIN catalog.product_batch AS b ON b.id = i.batch_id").fetchall() == [(90, 1)]

def test_a_prices_import_behind_a_product_delete_reports_the_row(fresh_db):
    """A prices import checked while a delete of a product it names was under way
    read the product as live; its update then waited for the delete and, the row
    gone, skipped it: the batch was applied and counted that row unchanged, a
    price the user asked for and never got. The import now holds the products it
    names before its check, behind the delete, and reports the row."""
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        priced = "unit_price_minor => 100, currency => 'EUR'"
        conn.execute(f"SELECT api.create_product('KEPT', 'Kept', {priced})")
        gone = conn.execute(f"SELECT api.create_product('GONE', 'Gone', {priced})").fetchone()[0]
    got: dict = {}

    def run(conn: psycopg.Connection) -> None:
        batch = stage(conn, "prices", ["sku", "unit_price_minor", "currency"],
                      [["KEPT", "200", "EUR"], ["GONE", "300", "EUR"]], mode="upsert")
        finish(conn, batch, got)
        conn.commit()

    with psycopg.connect(fresh_db) as deleter, psycopg.connect(fresh_db) as importer:
        for conn in (deleter, importer):
            conn.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        deleter.execute("SELECT api.delete_product(%s, 1)", [gone])
        t = threading.Thread(target=run, args=(importer,))
        t.start()
        wait_until_blocked_by(fresh_db, importer.info.backend_pid, deleter.info.backend_pid)
        deleter.commit()
        t.join(15)
    assert got["batch"]["status"] == "rejected", got
    assert got["errors"] == [(3, "sku", "no live product with this SKU")]
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT sku, unit_price_minor FROM catalog.product "
                            "ORDER BY sku").fetchall() == [("GONE", 100), ("KEPT", 100)]
