"""The stock engine under real concurrency: exactly once, never oversold, never deadlocked."""

from __future__ import annotations

import random
import threading
import time
import uuid
from dataclasses import dataclass, field

import psycopg
import pytest
from helpers import ADMIN, DEFAULT_TENANT, call, run_all, second_waits_for_first

from stockdb.bench_soak import deadlock_count

TENANT = DEFAULT_TENANT


def world(url: str, units: int) -> dict:
    with psycopg.connect(url, autocommit=True) as conn:
        ids = {
            "w": conn.execute(
                "INSERT INTO warehouse.warehouse (tenant_id, code, name) VALUES (%s, 'W', 'W') "
                "RETURNING id", [TENANT]).fetchone()[0],
            "p": conn.execute(
                "INSERT INTO catalog.product (tenant_id, sku, name) VALUES (%s, 'HOT', 'Hot') "
                "RETURNING id", [TENANT]).fetchone()[0],
        }
        for code in ("A1", "A2"):
            ids[code] = conn.execute(
                "INSERT INTO warehouse.location (tenant_id, warehouse_id, code) "
                "VALUES (%s, %s, %s) RETURNING id", [TENANT, ids["w"], code]).fetchone()[0]
        call(conn, "SELECT api.receive_stock(%s, %s, %s, %s, 'B1')",
             ["setup", ids["p"], ids["A1"], units])
    return ids


def stocked_product(conn: psycopg.Connection, ids: dict, sku: str, units: int):
    """A second product, sku, with units received into A1 of the world's W; its id."""
    product = conn.execute("INSERT INTO catalog.product (tenant_id, sku, name) "
                           "VALUES (%s, %s, %s) RETURNING id", [TENANT, sku, sku]).fetchone()[0]
    call(conn, "SELECT api.receive_stock(%s, %s, %s, %s)", [f"{sku}-in", product, ids["A1"], units])
    return product


def post_import_rows(conn: psycopg.Connection, product, batch, rows: list[tuple]) -> int:
    """Receipts posted to the ledger as an import posts them (reference_type
    import_batch, all in one statement), each row (location, quantity)."""
    return conn.execute(
        "INSERT INTO inventory.stock_movement (tenant_id, movement_type, product_id, batch_id, "
        "location_id, quantity, reference_type, reference_id) "
        "SELECT %s, 'purchase_receipt', %s, %s, r.l, r.q, 'import_batch', gen_random_uuid() "
        "FROM unnest(%s::uuid[], %s::numeric[]) AS r (l, q)",
        [TENANT, product, batch, [r[0] for r in rows], [r[1] for r in rows]]).rowcount


def test_same_key_in_flight_waits_then_returns_the_first_result(fresh_db):
    ids = world(fresh_db, 10)
    first = psycopg.connect(fresh_db)
    second = psycopg.connect(fresh_db, autocommit=True)
    got: dict = {}
    try:
        first.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        reservation = first.execute(
            "SELECT api.reserve_stock('same-key', %s, %s, 4)", [ids["p"], ids["w"]]
        ).fetchone()[0]

        def retry() -> None:
            got["id"] = call(second, "SELECT api.reserve_stock('same-key', %s, %s, 4)",
                             [ids["p"], ids["w"]])

        worker = threading.Thread(target=retry)
        worker.start()
        time.sleep(0.5)
        assert worker.is_alive(), "the retry did not wait for the first call"
        first.commit()
        worker.join(timeout=30)
    finally:
        first.close()
        second.close()
    assert got["id"] == reservation
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT count(*) FROM inventory.reservation").fetchone()[0] == 1
        reserved = conn.execute("SELECT sum(reserved) FROM inventory.inventory").fetchone()[0]
    assert reserved == 4


def test_expire_reservations_releases_overdue_ones(fresh_db):
    ids = world(fresh_db, 10)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        due = call(conn, "SELECT api.reserve_stock('r-due', %s, %s, 3, expires_at => now() + "
                         "interval '300 milliseconds')", [ids["p"], ids["w"]])
        kept = call(conn, "SELECT api.reserve_stock('r-kept', %s, %s, 2, expires_at => now() + "
                          "interval '1 hour')", [ids["p"], ids["w"]])
        time.sleep(0.5)
        conn.execute("CALL ops.expire_reservations()")
        status = dict(conn.execute("SELECT id, status::text FROM inventory.reservation").fetchall())
        reserved = conn.execute("SELECT sum(reserved) FROM inventory.inventory").fetchone()[0]
        mismatches = conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0]
    assert status == {due: "expired", kept: "active"}
    assert reserved == 2
    assert mismatches == 0


@dataclass
class Tally:
    received: int = 0
    issued: int = 0
    active: dict = field(default_factory=dict)
    calls: int = 0
    short: int = 0
    retries: int = 0
    unexpected: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def worker(url: str, ids: dict, tally: Tally, seconds: float, seed: int) -> None:
    rng = random.Random(seed)
    mine: dict[uuid.UUID, int] = {}
    deadline = time.monotonic() + seconds
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            op = rng.choices(["reserve", "release", "fulfil", "transfer", "receive"],
                             weights=[5, 2, 2, 2, 1])[0]
            key = f"{seed}-{uuid.uuid4()}"
            try:
                if op == "reserve":
                    q = rng.randint(1, 3)
                    sql, args = ("SELECT api.reserve_stock(%s, %s, %s, %s)",
                                 [key, ids["p"], ids["w"], q])
                    rid = call(conn, sql, args)
                    mine[rid] = q
                    with tally.lock:
                        tally.active[rid] = q
                elif op in ("release", "fulfil") and mine:
                    rid = rng.choice(list(mine))
                    fn = "release_reservation" if op == "release" else "fulfil_reservation"
                    sql, args = f"SELECT api.{fn}(%s, %s)", [key, rid]
                    call(conn, sql, args)
                    q = mine.pop(rid)
                    with tally.lock:
                        del tally.active[rid]
                        if op == "fulfil":
                            tally.issued += q
                elif op == "transfer":
                    src, dst = rng.sample(["A1", "A2"], 2)
                    sql, args = ("SELECT api.transfer_stock(%s, %s, %s, %s, %s)",
                                 [key, ids["p"], ids[src], ids[dst], rng.randint(1, 2)])
                    call(conn, sql, args)
                elif op == "receive":
                    q = rng.randint(1, 2)
                    sql, args = ("SELECT api.receive_stock(%s, %s, %s, %s, 'B1')",
                                 [key, ids["p"], ids["A1"], q])
                    call(conn, sql, args)
                    with tally.lock:
                        tally.received += q
                else:
                    continue
                with tally.lock:
                    tally.calls += 1
                # Now and then the client "did not hear back" and retries: the
                # same key must give the same answer and move nothing.
                if rng.random() < 0.2:
                    again = call(conn, sql, args)
                    if op == "reserve" and again != rid:
                        tally.unexpected.append(f"retry of {key} returned another reservation")
                    with tally.lock:
                        tally.retries += 1
            except psycopg.Error as exc:
                if exc.sqlstate == "SD001":
                    with tally.lock:
                        tally.short += 1
                else:
                    with tally.lock:
                        tally.unexpected.append(f"{op}: {exc.sqlstate} {exc}")


def test_hot_product_under_32_workers(fresh_db):
    units = 200
    ids = world(fresh_db, units)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        deadlocks_before = deadlock_count(conn)

    tally = Tally()
    threads = [threading.Thread(target=worker, args=(fresh_db, ids, tally, 12.0, n))
               for n in range(32)]
    run_all(threads, timeout=120)

    with psycopg.connect(fresh_db, autocommit=True) as conn:
        time.sleep(1.0)
        deadlocks_after = deadlock_count(conn)
        lowest, consistent, on_hand, reserved = conn.execute(
            "SELECT min(least(on_hand, reserved, available)), bool_and(reserved <= on_hand), "
            "sum(on_hand), sum(reserved) FROM inventory.inventory"
        ).fetchone()
        mismatches = conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0]
        double_posted = conn.execute(
            "SELECT count(*) FROM (SELECT idempotency_key, movement_type, batch_id, location_id "
            "FROM inventory.stock_movement "
            "WHERE movement_type IN ('purchase_receipt', 'reservation') "
            "GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) AS d"
        ).fetchone()[0]
        active = conn.execute(
            "SELECT coalesce(sum(quantity), 0) FROM inventory.reservation WHERE status = 'active'"
        ).fetchone()[0]

    print(f"\nconcurrency: {tally.calls} calls, {tally.retries} retries, {tally.short} SD001, "
          f"received {tally.received}, issued {tally.issued}, reserved {reserved}")
    assert tally.unexpected == []
    assert tally.calls > 500, "the workers did too little to prove anything"
    assert tally.short > 0, "the product never ran short: the test did not press on the limit"
    assert lowest >= 0 and consistent
    assert mismatches == 0
    assert double_posted == 0
    assert on_hand == units + tally.received - tally.issued, "stock was lost or made up"
    assert reserved == active == sum(tally.active.values())
    assert deadlocks_after == deadlocks_before


def test_orders_over_the_same_products_never_deadlock(fresh_db):
    """Orders naming the same products in opposite line order, reserved, shipped and
    cancelled at once: the global lock order means waits, never a deadlock."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        wh = conn.execute(
            "INSERT INTO warehouse.warehouse (tenant_id, code, name) VALUES (%s, 'W', 'W') "
            "RETURNING id", [TENANT]).fetchone()[0]
        loc = conn.execute(
            "INSERT INTO warehouse.location (tenant_id, warehouse_id, code) VALUES (%s, %s, 'A1') "
            "RETURNING id", [TENANT, wh]).fetchone()[0]
        conn.execute(
            "INSERT INTO sales.customer (tenant_id, code, name) VALUES (%s, 'C', 'C')", [TENANT])
        conn.execute(
            "INSERT INTO logistics.carrier (tenant_id, code, name) VALUES (%s, 'DHL', 'DHL')",
            [TENANT])
        customer = conn.execute("SELECT id FROM sales.customer").fetchone()[0]
        products = []
        for sku in ("A", "B", "C"):
            pid = conn.execute(
                "INSERT INTO catalog.product (tenant_id, sku, name, unit_price_minor, currency) "
                "VALUES (%s, %s, %s, 100, 'EUR') RETURNING id", [TENANT, sku, sku]).fetchone()[0]
            call(conn, "SELECT api.receive_stock(%s, %s, %s, 400)", [f"in-{sku}", pid, loc])
            products.append(pid)
        deadlocks_before = deadlock_count(conn)

    unexpected: list[str] = []
    outcomes = {"shipped": 0, "cancelled": 0, "short": 0}
    lock = threading.Lock()

    def flow(seed: int) -> None:
        rng = random.Random(seed)
        deadline = time.monotonic() + 8.0
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            while time.monotonic() < deadline:
                lines = [{"product_id": str(p), "quantity": rng.randint(1, 3)}
                         for p in rng.sample(products, rng.randint(2, 3))]
                key = f"{seed}-{uuid.uuid4()}"
                try:
                    order = call(conn, "SELECT api.create_sales_order(%s, %s, %s)",
                                 [key, customer, psycopg.types.json.Jsonb(lines)])
                    version = call(conn, "SELECT version FROM sales.sales_order WHERE id = %s",
                                   [order])
                    call(conn, "SELECT api.approve_sales_order(%s, %s)", [order, version])
                    call(conn, "SELECT api.reserve_sales_order(%s, %s, %s)",
                         [key + "-r", order, wh])
                    if rng.random() < 0.5:
                        call(conn, "SELECT api.ship_sales_order(%s, %s, 'DHL', %s)",
                             [key + "-s", order, key])
                        outcome = "shipped"
                    else:
                        version = call(conn, "SELECT version FROM sales.sales_order WHERE id = %s",
                                       [order])
                        call(conn, "SELECT api.cancel_sales_order(%s, %s, 'test')",
                             [order, version])
                        outcome = "cancelled"
                except psycopg.Error as exc:
                    if exc.sqlstate != "SD001":
                        with lock:
                            unexpected.append(f"{exc.sqlstate} {exc}")
                        continue
                    outcome = "short"
                with lock:
                    outcomes[outcome] += 1

    threads = [threading.Thread(target=flow, args=(n,)) for n in range(8)]
    run_all(threads, timeout=120)

    with psycopg.connect(fresh_db, autocommit=True) as conn:
        time.sleep(1.0)
        deadlocks_after = deadlock_count(conn)
        mismatches = conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0]
        reserved = conn.execute("SELECT sum(reserved) FROM inventory.inventory").fetchone()[0]
        issued = conn.execute(
            "SELECT coalesce(-sum(quantity), 0) FROM inventory.stock_movement "
            "WHERE movement_type = 'sale_issue'").fetchone()[0]
        shipped = conn.execute(
            "SELECT coalesce(sum(si.quantity), 0) FROM logistics.shipment_item AS si").fetchone()[0]

    print(f"\norders: {outcomes}")
    assert unexpected == []
    assert outcomes["shipped"] > 5 and outcomes["cancelled"] > 5
    assert deadlocks_after == deadlocks_before
    assert mismatches == 0
    assert reserved == 0, "a cancelled or shipped order left stock reserved"
    assert issued == shipped, "what left the books is not what the shipments carry"


def test_a_call_held_past_lock_timeout_gets_a_retryable_55p03(fresh_db):
    ids = world(fresh_db, 10)
    holder = psycopg.connect(fresh_db)
    waiter = psycopg.connect(fresh_db, autocommit=True)
    reserve = "SELECT api.reserve_stock('waiting-key', %s, %s, 3)"
    try:
        holder.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        holder.execute("SELECT api.reserve_stock('holding-key', %s, %s, 2)", [ids["p"], ids["w"]])
        started = time.monotonic()
        with pytest.raises(psycopg.errors.LockNotAvailable) as caught:
            call(waiter, reserve, [ids["p"], ids["w"]])
        waited = time.monotonic() - started
        holder.commit()
        # The failed call left nothing behind, so the retry takes effect once.
        first = call(waiter, reserve, [ids["p"], ids["w"]])
        again = call(waiter, reserve, [ids["p"], ids["w"]])
    finally:
        holder.close()
        waiter.close()
    diag = caught.value.diag
    assert diag.sqlstate == "55P03"
    assert diag.message_primary.startswith("stock is busy")
    assert str(ids["p"]) in diag.message_detail
    assert "same idempotency_key" in diag.message_hint
    assert 4.5 < waited < 30, "the wait is bounded by the functions' lock_timeout of 5 s"
    assert first == again
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT sum(reserved) FROM inventory.inventory").fetchone()[0] == 5


def test_a_reservation_writes_its_document_before_it_waits_for_the_stock(fresh_db):
    """One hot product's throughput is the time its stock lock is held, so
    reserve_stock writes the reservation first and waits for the lock after."""
    ids = world(fresh_db, 10)
    holder = psycopg.connect(fresh_db)
    waiter = psycopg.connect(fresh_db, autocommit=True)
    got: dict = {}
    try:
        holder.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        holder.execute("SELECT api.reserve_stock('holding-key', %s, %s, 2)", [ids["p"], ids["w"]])
        waiter_pid = waiter.info.backend_pid

        def reserve() -> None:
            got["id"] = call(waiter, "SELECT api.reserve_stock('waiting-key', %s, %s, 3)",
                             [ids["p"], ids["w"]])

        worker = threading.Thread(target=reserve)
        worker.start()
        with psycopg.connect(fresh_db, autocommit=True) as watcher:
            deadline = time.monotonic() + 4
            waiting_for = None
            while waiting_for is None and time.monotonic() < deadline:
                waiting_for = watcher.execute(
                    "SELECT locktype FROM pg_locks WHERE pid = %s AND NOT granted",
                    [waiter_pid]).fetchone()
                time.sleep(0.05)
            held = {row[0] for row in watcher.execute(
                "SELECT relation::regclass::text FROM pg_locks "
                "WHERE pid = %s AND granted AND locktype = 'relation'", [waiter_pid])}
        holder.commit()
        worker.join(timeout=30)
    finally:
        holder.close()
        waiter.close()
    assert waiting_for == ("advisory",), "the second call did not wait for the stock lock"
    assert "inventory.reservation" in held, "the reservation was not written before the wait"
    assert "inventory.reservation_line" not in held, "stock was allocated before the lock"
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT count(*) FROM inventory.reservation").fetchone()[0] == 2
        assert conn.execute("SELECT sum(reserved) FROM inventory.inventory").fetchone()[0] == 5
        assert conn.execute(
            "SELECT count(*) FROM inventory.reservation_line WHERE reservation_id = %s",
            [got["id"]]).fetchone()[0] == 1


def test_an_import_waits_for_balances_another_transaction_is_writing(fresh_db):
    """An import's rows reach their balances in one statement per sheet: a balance
    another transaction is changing is waited for, and one it creates meanwhile
    is added to, not created twice or lost."""
    ids = world(fresh_db, 10)
    mover = psycopg.connect(fresh_db)
    importer = psycopg.connect(fresh_db, autocommit=True)
    done: dict = {}
    try:
        batch = importer.execute(
            "SELECT id FROM catalog.product_batch WHERE batch_number = 'B1'").fetchone()[0]
        mover.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        # A1's balance is changed and A2's created, neither committed yet.
        mover.execute("SELECT api.receive_stock('meanwhile-a1', %s, %s, 1, 'B1')",
                      [ids["p"], ids["A1"]])
        mover.execute("SELECT api.receive_stock('meanwhile-a2', %s, %s, 5, 'B1')",
                      [ids["p"], ids["A2"]])

        def post_import() -> None:
            done["rows"] = post_import_rows(importer, ids["p"], batch,
                                            [(ids["A1"], 2), (ids["A2"], 3)])

        worker = threading.Thread(target=post_import)
        worker.start()
        time.sleep(0.5)
        assert worker.is_alive(), "the import did not wait for the balances being written"
        mover.commit()
        worker.join(timeout=30)
    finally:
        mover.close()
        importer.close()
    assert done["rows"] == 2
    with psycopg.connect(fresh_db) as conn:
        balances = dict(conn.execute(
            "SELECT l.code, i.on_hand FROM inventory.inventory AS i "
            "JOIN warehouse.location AS l ON l.id = i.location_id").fetchall())
        mismatches = conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0]
    assert balances == {"A1": 13, "A2": 8}
    assert mismatches == 0


def count_by_import(conn: psycopg.Connection, counts: dict[str, int], n: int) -> str:
    """A cycle-count import as `stockdb import run` makes it (begin, rows, finish),
    in one transaction; returns the batch's status."""
    with conn.transaction():
        conn.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        batch = conn.execute(
            "SELECT batch_id FROM staging.begin_batch('cycle_counts', 'counts.xlsx', %s, 'Sheet1', "
            "ARRAY['sku', 'warehouse', 'location', 'batch_number', 'counted_quantity'])",
            [f"{n:064x}"]).fetchone()[0]
        for row, (code, quantity) in enumerate(counts.items(), start=2):
            conn.execute(
                "INSERT INTO staging.cycle_count_row (tenant_id, batch_id, row_number, sku, "
                "warehouse, location, batch_number, counted_quantity) "
                "VALUES (%s, %s, %s, 'HOT', 'W', %s, 'B1', %s)",
                [TENANT, batch, row, code, str(quantity)])
        finished = conn.execute("SELECT staging.finish_batch(%s)", [batch]).fetchone()[0]
    return finished["failure"]["sqlstate"] if finished["status"] == "failed" else finished["status"]


def test_imports_and_transfers_over_the_same_balances_never_deadlock(fresh_db):
    """An import locks the balances it posts to in id order; a transfer changes its
    two in its own order. Transfers both ways while cycle counts and opening-stock
    rows are imported over the same two balances: waits, never a deadlock (before
    imports held their warehouses' stock, this made about one a second)."""
    ids = world(fresh_db, 500)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        call(conn, "SELECT api.receive_stock('setup-a2', %s, %s, 500, 'B1')", [ids["p"], ids["A2"]])
        batch = conn.execute(
            "SELECT id FROM catalog.product_batch WHERE batch_number = 'B1'").fetchone()[0]
        deadlocks_before = deadlock_count(conn)
    stop = time.monotonic() + 6.0
    done = {"transfers": 0, "short": 0, "counts": 0, "receipts": 0}
    unexpected: list[str] = []

    def transfers(source: str, target: str) -> None:
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            while time.monotonic() < stop:
                try:
                    call(conn, "SELECT api.transfer_stock(%s, %s, %s, %s, 1, %s)",
                         [str(uuid.uuid4()), ids["p"], ids[source], ids[target], batch])
                    done["transfers"] += 1
                except psycopg.Error as exc:
                    if exc.sqlstate == "SD001":
                        done["short"] += 1
                    else:
                        unexpected.append(f"transfer: {exc.sqlstate} {exc}")

    def imports() -> None:
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            n = 0
            while time.monotonic() < stop:
                n += 1
                try:
                    status = count_by_import(conn, {"A1": 400 + n % 7, "A2": 300 + n % 5}, n)
                    if status != "applied":
                        unexpected.append(f"cycle count import: {status}")
                    done["counts"] += 1
                    # Opening stock posts to the ledger the same way.
                    post_import_rows(conn, ids["p"], batch, [(ids["A2"], 1), (ids["A1"], 1)])
                    done["receipts"] += 1
                except psycopg.Error as exc:
                    unexpected.append(f"import: {exc.sqlstate} {exc}")

    threads = [threading.Thread(target=transfers, args=("A1", "A2")),
               threading.Thread(target=transfers, args=("A2", "A1")),
               threading.Thread(target=imports)]
    run_all(threads, timeout=60)

    with psycopg.connect(fresh_db, autocommit=True) as conn:
        time.sleep(1.0)
        deadlocks_after = deadlock_count(conn)
        mismatches = conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0]
    print(f"\nimports and transfers: {done}")
    assert unexpected == []
    assert done["transfers"] > 50 and done["counts"] > 5 and done["receipts"] > 5, done
    assert deadlocks_after == deadlocks_before
    assert mismatches == 0


def test_an_import_waits_for_movements_in_its_warehouses_and_they_wait_for_it(fresh_db):
    """The stock of a warehouse as a whole: a movement there holds it shared until
    it commits, an import holds it exclusively until it commits. So an import of
    another product of the same warehouse waits for the movement, and a call made
    while the import holds it waits for the import."""
    ids = world(fresh_db, 10)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        other = conn.execute(
            "INSERT INTO catalog.product (tenant_id, sku, name) VALUES (%s, 'OTHER', 'Other') "
            "RETURNING id", [TENANT]).fetchone()[0]
        batch = conn.execute(
            "SELECT id FROM catalog.product_batch WHERE batch_number = 'B1'").fetchone()[0]
    mover = psycopg.connect(fresh_db)
    importer = psycopg.connect(fresh_db)
    late = psycopg.connect(fresh_db, autocommit=True)
    order: list[str] = []
    posted = threading.Event()
    try:
        mover.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        mover.execute("SELECT api.record_movement('held', 'consumption', %s, %s, 1, %s)",
                      [ids["p"], ids["A1"], batch])

        def post_import() -> None:
            post_import_rows(importer, other, None, [(ids["A2"], 5)])
            order.append("import posted")
            posted.set()
            time.sleep(0.7)
            order.append("import commits")
            importer.commit()

        def move_late() -> None:
            call(late, "SELECT api.record_movement('late', 'adjustment', %s, %s, 1, NULL, 'found')",
                 [other, ids["A2"]])
            order.append("late call")

        first = threading.Thread(target=post_import)
        first.start()
        time.sleep(0.7)
        waited = first.is_alive() and order == []
        mover.commit()
        assert posted.wait(timeout=10)
        second = threading.Thread(target=move_late)
        second.start()
        first.join(timeout=30)
        second.join(timeout=30)
    finally:
        for conn in (mover, importer, late):
            conn.close()
    assert waited, "the import did not wait for the movement in its warehouse"
    assert order == ["import posted", "import commits", "late call"]
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute(
            "SELECT on_hand FROM inventory.inventory WHERE product_id = %s", [other]
        ).fetchone()[0] == 6


def test_an_import_gives_up_on_a_busy_warehouse_without_holding_up_its_movements(fresh_db):
    """A transaction that moved stock and stays open keeps its warehouse busy: the
    import tries ten times, 500 ms each, then fails with 55P03 and posts nothing.
    Between its tries it holds nothing, so other calls there go on meanwhile.
    (A cycle count takes the stock before it checks its rows, so the error is
    the import's, not its batch's.)"""
    ids = world(fresh_db, 10)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        other = stocked_product(conn, ids, "OTHER", 5)
    holder = psycopg.connect(fresh_db)
    importer = psycopg.connect(fresh_db, autocommit=True)
    result: dict = {}
    try:
        holder.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        holder.execute("SELECT api.record_movement('idle', 'adjustment', %s, %s, 1, NULL, 'found')",
                       [ids["p"], ids["A1"]])

        def run_import() -> None:
            started = time.monotonic()
            try:
                count_by_import(importer, {"A1": 3, "A2": 4}, 1)
            except psycopg.Error as exc:
                result["error"] = exc
            result["seconds"] = time.monotonic() - started

        worker = threading.Thread(target=run_import)
        worker.start()
        time.sleep(1.0)
        with psycopg.connect(fresh_db, autocommit=True) as other_call:
            started = time.monotonic()
            call(other_call, "SELECT api.transfer_stock('meanwhile', %s, %s, %s, 2)",
                 [other, ids["A1"], ids["A2"]])
            meanwhile = time.monotonic() - started
        worker.join(timeout=60)
    finally:
        holder.rollback()
        holder.close()
        importer.close()
    assert result["error"].sqlstate == "55P03"
    assert result["error"].diag.message_primary.startswith("stock is busy: ten waits of 500 ms")
    assert 9 <= result["seconds"] < 30
    assert meanwhile < 1.5, f"a call waited {meanwhile:.1f} s behind the import's tries"
    with psycopg.connect(fresh_db) as conn:
        balances = dict(conn.execute(
            "SELECT l.code, i.on_hand FROM inventory.inventory AS i "
            "JOIN warehouse.location AS l ON l.id = i.location_id WHERE i.product_id = %s",
            [ids["p"]]).fetchall())
        batches = conn.execute("SELECT count(*) FROM staging.import_batch").fetchone()[0]
    assert balances == {"A1": 10} and batches == 0, "the import left something behind"


def test_a_call_behind_an_import_past_lock_timeout_gets_a_retryable_55p03(fresh_db):
    ids = world(fresh_db, 10)
    importer = psycopg.connect(fresh_db)
    try:
        post_import_rows(importer, ids["p"], None, [(ids["A2"], 5)])
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            with pytest.raises(psycopg.Error) as raised:
                call(conn, "SELECT api.record_movement('late', 'adjustment', %s, %s, 1, NULL, "
                     "'found')", [ids["p"], ids["A1"]])
    finally:
        importer.rollback()
        importer.close()
    assert raised.value.sqlstate == "55P03"
    diag = raised.value.diag
    assert diag.message_primary.startswith("stock is busy: an import held warehouse(s)")
    assert "opening stock or cycle counts" in diag.message_detail
    assert diag.message_hint == (
        "Nothing of the call was kept: retry it (with the same idempotency_key where it takes "
        "one: it takes effect once).")


SNAPSHOT_LEVELS = ["repeatable read", "serializable"]


def snapshot_then(url: str, level: str, move: str, params: list) -> psycopg.Connection:
    """A connection at `level` whose transaction has taken its snapshot, after
    which another transaction runs `move` and commits."""
    late = psycopg.connect(url)
    late.execute(f"SET TRANSACTION ISOLATION LEVEL {level.upper()}")
    late.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
    with psycopg.connect(url, autocommit=True) as other:
        call(other, move, params)
    return late


@pytest.mark.parametrize("level", SNAPSHOT_LEVELS)
def test_reservations_racing_under_a_snapshot_level_never_oversell(fresh_db, level):
    """Under REPEATABLE READ and SERIALIZABLE the api reads the stock as the
    caller's snapshot saw it; the balance it then changes has moved since, so
    the call fails with 40001 and nothing of it is kept."""
    ids = world(fresh_db, 10)
    reserve = "SELECT api.reserve_stock(%s, %s, %s, 8)"
    late = snapshot_then(fresh_db, level, reserve, ["first", ids["p"], ids["w"]])
    try:
        with pytest.raises(psycopg.errors.SerializationFailure):
            late.execute(reserve, ["second", ids["p"], ids["w"]])
        late.rollback()
    finally:
        late.close()
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT sum(reserved) FROM inventory.inventory").fetchone()[0] == 8
        assert conn.execute("SELECT count(*) FROM inventory.reservation").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0] == 0
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        # The retry, at READ COMMITTED, finds 2 left.
        with pytest.raises(psycopg.Error) as short:
            call(conn, reserve, ["second", ids["p"], ids["w"]])
    assert short.value.sqlstate == "SD001"


@pytest.mark.parametrize("level", SNAPSHOT_LEVELS)
@pytest.mark.parametrize("since", ["moved", "arrived"])
@pytest.mark.parametrize("function", ["count_stock", "count_stock_at"])
def test_a_count_under_a_snapshot_level_never_matches_stock_that_changed_since(
    fresh_db, level, since, function
):
    """A count equal to the stock as the snapshot saw it would post nothing and
    say it matched. A1 holds 10 of B1 and 3 leave it; A2 holds nothing and 5
    arrive: a count of 10 at A1, or of 0 at A2, started before must fail with
    40001, not leave the books at 7 or 5. count_stock_at is given a time
    before the move, so its retry finds the count matched then and keeps it."""
    ids = world(fresh_db, 10)
    with psycopg.connect(fresh_db) as conn:
        batch = conn.execute(
            "SELECT id FROM catalog.product_batch WHERE batch_number = 'B1'").fetchone()[0]
        taken = conn.execute("SELECT clock_timestamp()").fetchone()[0]
    if since == "moved":
        move, params = ("SELECT api.record_movement('move', 'consumption', %s, %s, 3, %s)",
                        [ids["p"], ids["A1"], batch])
        place, counted, now = ids["A1"], 10, 7
    else:
        move, params = ("SELECT api.receive_stock('move', %s, %s, 5, 'B1')",
                        [ids["p"], ids["A2"]])
        place, counted, now = ids["A2"], 0, 5
    if function == "count_stock":
        count, args = "SELECT api.count_stock('count', %s, %s, %s, %s)", []
    else:
        count, args = "SELECT api.count_stock_at('count', %s, %s, %s, %s, %s)", [taken]
    late = snapshot_then(fresh_db, level, move, params)
    try:
        with pytest.raises(psycopg.errors.SerializationFailure):
            late.execute(count, [ids["p"], place, batch, counted, *args])
        late.rollback()
    finally:
        late.close()
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        # The retry, at READ COMMITTED, sees the stock as it is: count_stock
        # corrects it, count_stock_at finds the count matched before the move.
        adjustment = call(conn, count, [ids["p"], place, batch, counted, *args])
        on_hand = conn.execute(
            "SELECT on_hand FROM inventory.inventory WHERE location_id = %s", [place]
        ).fetchone()[0]
        assert conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0] == 0
    if function == "count_stock":
        assert adjustment is not None and on_hand == counted != now
    else:
        assert adjustment is None and on_hand == now != counted


@pytest.mark.parametrize("counted, outcome", [
    (10, "ok"),
    (2, "SD001: counted 2 of HOT, with -3 moved there since, leaves -1 on hand, less than the 0 "
        "reserved there"),
])
def test_a_count_sent_late_waits_for_a_movement_under_way_and_keeps_it(fresh_db, counted, outcome):
    """A count taken before a use of 3 that is under way when the count comes
    in waits for it, then takes it as moved since: 10 counted matches and the
    use stays; 2 counted cannot be, 3 having been used since."""
    ids = world(fresh_db, 10)
    with psycopg.connect(fresh_db) as conn:
        batch = conn.execute(
            "SELECT id FROM catalog.product_batch WHERE batch_number = 'B1'").fetchone()[0]
        taken = conn.execute("SELECT clock_timestamp()").fetchone()[0]
    ended = second_waits_for_first(
        fresh_db,
        lambda a: a.execute("SELECT api.record_movement('use', 'consumption', %s, %s, 3, %s)",
                            [ids["p"], ids["A1"], batch]),
        lambda b: b.execute("SELECT api.count_stock_at('count', %s, %s, %s, %s, %s)",
                            [ids["p"], ids["A1"], batch, counted, taken]),
    )
    assert ended == outcome
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT on_hand FROM inventory.inventory WHERE location_id = %s",
                            [ids["A1"]]).fetchone()[0] == 7
        assert conn.execute("SELECT count(*) FROM inventory.stock_movement "
                            "WHERE movement_type = 'adjustment'").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0] == 0


def test_a_reservation_under_repeatable_read_does_not_see_stock_that_arrived_since(fresh_db):
    """The README's limit: a new balance is outside the snapshot, so the call
    judges by the stock it saw, and the same call at READ COMMITTED finds it."""
    ids = world(fresh_db, 10)
    late = snapshot_then(fresh_db, "repeatable read",
                         "SELECT api.receive_stock('arrived', %s, %s, 5, 'B1')",
                         [ids["p"], ids["A2"]])
    reserve = "SELECT api.reserve_stock('more', %s, %s, 12)"
    try:
        with pytest.raises(psycopg.Error) as short:
            late.execute(reserve, [ids["p"], ids["w"]])
        late.rollback()
    finally:
        late.close()
    assert short.value.sqlstate == "SD001"
    assert "available 10" in short.value.diag.message_detail
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert call(conn, reserve, [ids["p"], ids["w"]]) is not None


def test_expire_reservations_leaves_a_busy_one_for_the_next_run(fresh_db):
    """A session left idle in transaction holding one product's stock stopped the
    run at that reservation, every overdue one behind it too; now that one
    waits 5 s, is counted busy, and the run goes on."""
    ids = world(fresh_db, 10)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        other = stocked_product(conn, ids, "COLD", 10)
        held = call(conn, "SELECT api.reserve_stock('r-held', %s, %s, 3, expires_at => now() + "
                          "interval '300 milliseconds')", [ids["p"], ids["w"]])
        free = call(conn, "SELECT api.reserve_stock('r-free', %s, %s, 2, expires_at => now() + "
                          "interval '400 milliseconds')", [other, ids["w"]])
    idle = psycopg.connect(fresh_db)
    job = psycopg.connect(fresh_db, autocommit=True)
    done: dict = {}
    try:
        # The idle session holds HOT's stock in W, as a movement would, and waits.
        idle.execute("SELECT inventory.lock_stock(%s, ARRAY[%s]::uuid[], ARRAY[%s]::uuid[])",
                     [TENANT, ids["p"], ids["w"]])
        time.sleep(0.5)

        def run_job() -> None:
            job.execute("CALL ops.expire_reservations()")
            done["status"] = dict(job.execute(
                "SELECT id, status::text FROM inventory.reservation").fetchall())
            done["run"] = job.execute(
                "SELECT status, detail FROM ops.maintenance_run "
                "WHERE job_name = 'expire-reservations' ORDER BY id DESC LIMIT 1").fetchone()

        t = threading.Thread(target=run_job)
        t.start()
        t.join(20)
        finished = not t.is_alive()
        idle.rollback()
        t.join(20)
        assert finished, "the run waited for the idle session"
        assert done["status"] == {held: "active", free: "expired"}
        assert done["run"] == ("ok", {"expired": 1, "busy": 1})
        job.execute("CALL ops.expire_reservations()")
        assert job.execute("SELECT status::text FROM inventory.reservation WHERE id = %s",
                           [held]).fetchone()[0] == "expired"
        assert job.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0] == 0
    finally:
        idle.close()
        job.close()


def overdue(conn: psycopg.Connection, key: str, product, warehouse, after_ms: int):
    """A reservation of one unit of product in warehouse that is due after_ms from now; its id."""
    return call(conn, "SELECT api.reserve_stock(%s, %s, %s, 1, expires_at => now() + "
                      "make_interval(secs => %s))", [key, product, warehouse, after_ms / 1000])


def expire_run(url: str, holder: psycopg.Connection, hold: str, params: list,
               batch_size: int) -> dict:
    """holder runs hold and keeps its transaction open while a run of
    ops.expire_reservations(batch_size) goes; how the reservations stand after
    it, the run's record and the seconds it took."""
    holder.execute(hold, params)
    started = time.monotonic()
    try:
        with psycopg.connect(url, autocommit=True) as job:
            job.execute("CALL ops.expire_reservations(%s)", [batch_size])
            seconds = time.monotonic() - started
            return {
                "status": dict(job.execute(
                    "SELECT id, status::text FROM inventory.reservation").fetchall()),
                "run": job.execute(
                    "SELECT status, detail FROM ops.maintenance_run "
                    "WHERE job_name = 'expire-reservations' ORDER BY id DESC LIMIT 1").fetchone(),
                "seconds": seconds,
            }
    finally:
        holder.rollback()


def test_expire_reservations_waits_once_for_each_held_product(fresh_db):
    """Each overdue reservation of a held product waited 5 s of its own, and as
    many as batch_size of them filled the run, so one behind them never expired
    while the product was held; now the first waits, the rest of that product's
    are passed over, and the one behind them expires in the same run."""
    ids = world(fresh_db, 10)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        other = stocked_product(conn, ids, "COLD", 10)
        held = [overdue(conn, f"r-held-{n}", ids["p"], ids["w"], 100 + n) for n in range(4)]
        free = overdue(conn, "r-free", other, ids["w"], 200)
    time.sleep(0.3)
    with psycopg.connect(fresh_db) as idle:
        done = expire_run(fresh_db, idle, "SELECT inventory.lock_stock(%s, ARRAY[%s]::uuid[], "
                          "ARRAY[%s]::uuid[])", [TENANT, ids["p"], ids["w"]], batch_size=4)
    assert done["status"] == {**{r: "active" for r in held}, free: "expired"}
    assert done["run"] == ("ok", {"expired": 1, "busy": 4})
    # One wait of 5 s; a wait each made 20 s.
    assert done["seconds"] < 12, done["seconds"]


def test_expire_reservations_expires_every_overdue_one_in_a_run(fresh_db):
    """A run stopped after batch_size: at most 500 a minute, and a backlog of
    more came due faster than that grew for good. It now reads batch_size at a
    time until none is left."""
    ids = world(fresh_db, 10)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        due = [overdue(conn, f"r-{n}", ids["p"], ids["w"], 100 + n) for n in range(5)]
        later = overdue(conn, "r-later", ids["p"], ids["w"], 60_000)
        time.sleep(0.3)
        conn.execute("CALL ops.expire_reservations(2)")
        status = dict(conn.execute("SELECT id, status::text FROM inventory.reservation").fetchall())
        run = conn.execute(
            "SELECT status, detail FROM ops.maintenance_run "
            "WHERE job_name = 'expire-reservations' ORDER BY id DESC LIMIT 1").fetchone()
    assert status == {**{r: "expired" for r in due}, later: "active"}
    assert run == ("ok", {"expired": 5, "busy": 0})


def test_expire_reservations_passes_over_a_warehouse_an_import_holds(fresh_db):
    """An import holds its warehouse's stock as a whole: after one wait, the
    run passes over every product there and goes on to other warehouses (a
    wait each, and the three filled a batch of 3)."""
    ids = world(fresh_db, 10)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        other = stocked_product(conn, ids, "COLD", 10)
        elsewhere = conn.execute(
            "INSERT INTO warehouse.warehouse (tenant_id, code, name) VALUES (%s, 'W2', 'W2') "
            "RETURNING id", [TENANT]).fetchone()[0]
        bin2 = conn.execute("INSERT INTO warehouse.location (tenant_id, warehouse_id, code) "
                            "VALUES (%s, %s, 'B1') RETURNING id", [TENANT, elsewhere]).fetchone()[0]
        call(conn, "SELECT api.receive_stock('w2-in', %s, %s, 5)", [other, bin2])
        in_w = [overdue(conn, "r-hot", ids["p"], ids["w"], 100),
                overdue(conn, "r-cold", other, ids["w"], 110),
                overdue(conn, "r-hot-2", ids["p"], ids["w"], 120)]
        in_w2 = overdue(conn, "r-w2", other, elsewhere, 200)
    time.sleep(0.3)
    with psycopg.connect(fresh_db) as importer:
        done = expire_run(fresh_db, importer, "SELECT inventory.lock_warehouse_stock(%s, "
                          "ARRAY[%s]::uuid[])", [TENANT, ids["w"]], batch_size=3)
    assert done["status"] == {**{r: "active" for r in in_w}, in_w2: "expired"}
    assert done["run"] == ("ok", {"expired": 1, "busy": 3})
    assert done["seconds"] < 12, done["seconds"]


def test_expire_reservations_waits_for_a_held_reservation_alone(fresh_db):
    """A reservation row held by another transaction (its change under way) is
    left for the next run, and its product's other reservations still expire."""
    ids = world(fresh_db, 10)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        first = overdue(conn, "r-1", ids["p"], ids["w"], 100)
        second = overdue(conn, "r-2", ids["p"], ids["w"], 110)
    time.sleep(0.3)
    with psycopg.connect(fresh_db) as editor:
        done = expire_run(fresh_db, editor, "SELECT 1 FROM inventory.reservation "
                          "WHERE id = %s FOR UPDATE", [first], batch_size=500)
    assert done["status"] == {first: "active", second: "expired"}
    assert done["run"] == ("ok", {"expired": 1, "busy": 1})
