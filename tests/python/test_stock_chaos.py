"""Stock and the master data it hangs on, changed from many sessions at once.

Where test_document_chaos races the documents, this races the stock calls
themselves and what they read: receipts (into new batches too),
adjustments, transfers, counts (now and at a past moment), reservations
reserved, changed, released, fulfilled and left to expire, batches held,
lifted and re-dated, locations made quarantine or inactive, products
deactivated, given a new unit, emptied and deleted while others move them,
imports of products, opening stock, cycle counts and locations; and calls
retried with the same key from another session while the first may still
run. No call may deadlock or fail with anything
but a documented SQLSTATE, a retry must return what the first call did, and
afterwards the books must agree (ops.check_integrity finds nothing).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid

import psycopg
import pytest
from chaos import Worker, admin_caller, run_workers
from helpers import race_import

pytestmark = pytest.mark.slow


def _world(url: str) -> dict:
    with psycopg.connect(url, autocommit=True) as conn:
        api = admin_caller(conn)

        warehouses = [api("SELECT api.create_warehouse(%s, 'W')", code) for code in ("W1", "W2")]
        # W1 has two locations; the second is the one made quarantine or inactive.
        locations = [api("SELECT api.create_location(%s, %s)", w, code)
                     for w, code in ((warehouses[0], "A"), (warehouses[0], "B"),
                                     (warehouses[1], "A"))]
        products = [api("SELECT api.create_product(%s, %s, reorder_point => 20)", sku, sku)
                    for sku in ("P0", "P1", "P2")]
        for p in products:
            for loc in locations:
                for batch, expiry in (("E1", "2030-01-31"), ("E2", "2031-06-30")) \
                        if p == products[1] else ((None, None),):
                    api("SELECT api.receive_stock(%s, %s, %s, 40, %s, %s)",
                        f"in-{uuid.uuid4()}", p, loc, batch, expiry)
        return {
            "warehouses": warehouses, "locations": locations, "products": products,
            "warehouse_of": {locations[0]: warehouses[0], locations[1]: warehouses[0],
                             locations[2]: warehouses[1]},
            "batches": [str(b) for (b,) in conn.execute(
                "SELECT id FROM catalog.product_batch ORDER BY batch_number").fetchall()],
            # Products made, emptied and deleted during the run.
            "doomed": [],
            # (name, sql, args, result) of recent calls that take a key, for retries.
            "keyed": [],
            "lock": threading.Lock(),
        }


class StockWorker(Worker):
    def call(self, name: str, sql: str, *args, keyed: bool = False, **options):
        """As Worker.call; a keyed call that returned something is kept for retries."""
        value = super().call(name, sql, *args, **options)
        if keyed and value is not None:
            with self.w["lock"]:
                self.w["keyed"].append((name, sql, args, value))
                del self.w["keyed"][:-30]
        return value

    def product(self) -> str:
        with self.w["lock"]:
            doomed = list(self.w["doomed"][-3:])
        return self.rng.choice(self.w["products"] + doomed)

    def batch_of(self, product: str) -> str | None:
        return self.one("SELECT id FROM catalog.product_batch WHERE product_id = %s "
                        "ORDER BY random() LIMIT 1", product)

    def reservation(self):
        return self.one("SELECT id FROM (SELECT id FROM inventory.reservation "
                        "WHERE status = 'active' ORDER BY id DESC LIMIT 6) AS r "
                        "ORDER BY random() LIMIT 1")

    def step(self) -> None:
        w, rng = self.w, self.rng
        op = rng.choice(["adjust", "adjust", "transfer", "transfer", "count", "count_at",
                         "reserve", "reserve", "release", "fulfil", "fulfil", "extend", "expire",
                         "hold", "redate", "location", "product", "doom", "retry", "import",
                         "import", "unit", "receive", "job"])
        key = f"{op}-{uuid.uuid4()}"
        if op in ("adjust", "transfer", "count", "count_at"):
            p = self.product()
            batch = self.batch_of(p)
            loc = rng.choice(w["locations"])
            if op == "adjust":
                self.call(op, "SELECT api.record_movement(%s, 'adjustment', %s, %s, %s, %s, "
                          "'chaos')", key, p, loc, rng.choice([-3, -2, -1, 1, 2, 3]), batch,
                          keyed=True)
            elif op == "transfer":
                self.call(op, "SELECT api.transfer_stock(%s, %s, %s, %s, %s, %s)", key, p, loc,
                          rng.choice([x for x in w["locations"] if x != loc]),
                          rng.randint(1, 4), batch, keyed=True)
            elif op == "count":
                self.call(op, "SELECT api.count_stock(%s, %s, %s, %s, %s, 'chaos')", key, p, loc,
                          batch, rng.randint(0, 60), keyed=True)
            else:
                self.call(op, "SELECT api.count_stock_at(%s, %s, %s, %s, %s, %s, 'chaos')", key,
                          p, loc, batch, rng.randint(0, 60),
                          dt.datetime.now(dt.UTC) - dt.timedelta(seconds=rng.uniform(0, 3)),
                          keyed=True)
        elif op == "receive":
            # Into a batch the others move, or a new one another receipt or an
            # import may be creating at the same moment.
            number = rng.choice([None, "E1", "E2", "N1", f"N{rng.randint(2, 4)}"])
            expiry = {"E1": "2030-01-31", "E2": "2031-06-30"}.get(number, "2032-03-31")
            self.call(op, "SELECT api.receive_stock(%s, %s, %s, %s, %s, %s)", key, self.product(),
                      rng.choice(w["locations"]), rng.randint(1, 5), number,
                      expiry if number else None, keyed=True)
        elif op == "reserve":
            expires = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=rng.uniform(0.5, 3))
                       if rng.random() < 0.5 else None)
            self.call(op, "SELECT api.reserve_stock(%s, %s, %s, %s, 'chaos', %s)", key,
                      self.product(), rng.choice(w["warehouses"]), rng.randint(1, 6), expires,
                      keyed=True)
        elif op in ("release", "fulfil"):
            rid = self.reservation()
            if rid:
                self.call(op, f"SELECT api.{op}_reservation(%s, %s)",  # noqa: S608
                          key, rid, keyed=True)
        elif op == "extend":
            rid = self.reservation()
            if rid:
                self.call(op, "SELECT api.update_reservation(%s, %s, %s)", rid,
                          self.version("inventory.reservation", rid),
                          dt.datetime.now(dt.UTC) + dt.timedelta(seconds=rng.uniform(0.5, 3)))
        elif op in ("expire", "job"):
            # The maintenance jobs run beside the calls, as pg_cron runs them;
            # the integrity check must find nothing in stock that is moving.
            job = "ops.expire_reservations()" if op == "expire" else rng.choice([
                "ops.check_integrity()", "ops.refresh_reports()",
                "ops.detect_expiring_batches(every_warehouse => true)",
                "ops.run_partition_maintenance()", "ops.detect_delayed_shipments()"])
            try:
                self.conn.execute(f"CALL {job}")
                self.outcomes[(job, "ok")] += 1
            except psycopg.Error as exc:
                self.outcomes[(job, exc.sqlstate)] += 1
                self.unexpected.append((job, exc.sqlstate, str(exc)))
        elif op == "hold":
            batch = rng.choice(w["batches"])
            if rng.random() < 0.5:
                self.call(op, "SELECT api.hold_batch(%s, %s, 'chaos')", batch,
                          self.version("catalog.product_batch", batch))
            else:
                self.call("lift", "SELECT api.lift_batch_hold(%s, %s)", batch,
                          self.version("catalog.product_batch", batch))
        elif op == "redate":
            batch = rng.choice(w["batches"])
            self.call(op, "SELECT api.update_batch(%s, %s, %s)", batch,
                      self.version("catalog.product_batch", batch),
                      rng.choice([dt.date(2020, 1, 31), dt.date(2030, 1, 31),
                                  dt.date(2031, 6, 30)]))
        elif op == "location":
            loc = w["locations"][1]
            self.call(op, "SELECT api.update_location(%s, %s, kind => %s, active => %s)", loc,
                      self.version("warehouse.location", loc),
                      rng.choice(["storage", "quarantine"]), rng.random() < 0.7)
        elif op == "product":
            p = rng.choice(w["products"])
            self.call(op, "SELECT api.update_product(%s, %s, reorder_point => %s, active => %s)",
                      p, self.version("catalog.product", p), rng.randint(0, 40),
                      rng.random() < 0.8)
        elif op == "doom":
            self.doom()
        elif op == "unit":
            # A product nothing is counted in yet may change its unit; calls and
            # imports naming it race the change.
            with w["lock"]:
                fresh = list(w["doomed"][-3:])
            if fresh:
                p = rng.choice(fresh)
                self.call(op, "SELECT api.update_product(%s, %s, unit => %s, reorder_point => %s)",
                          p, self.version("catalog.product", p), rng.choice(["ea", "kg"]),
                          rng.randint(0, 9))
        elif op == "import":
            self.import_rows()
        else:
            with w["lock"]:
                if not w["keyed"]:
                    return
                name, sql, args, first = rng.choice(w["keyed"])
            # A retry returns what the first call did, whatever happened since;
            # it may only wait past lock_timeout.
            again = self.call(f"retry {name}", sql, *args, allowed={"55P03", "40001"})
            if again is not None and again != first:
                self.unexpected.append((f"retry {name}", "differs", f"{first!r} then {again!r}"))

    def doom(self) -> None:
        """A product received, written off and deleted while others may move it."""
        w = self.w
        sku = f"D{uuid.uuid4().hex[:8]}"
        p = self.call("doom", "SELECT api.create_product(%s, %s)", sku, sku)
        if p is None:
            return
        p = str(p)
        with w["lock"]:
            w["doomed"].append(p)
        time.sleep(self.rng.uniform(0, 0.05))
        loc = self.rng.choice(w["locations"])
        self.call("doom", "SELECT api.receive_stock(%s, %s, %s, 3)", f"din-{uuid.uuid4()}", p, loc)
        time.sleep(self.rng.uniform(0, 0.05))
        # Whatever the others left: written off where it lies, then the product goes.
        rows = self.conn.execute(
            "SELECT location_id, batch_id, on_hand FROM inventory.inventory "
            "WHERE product_id = %s AND on_hand > reserved AND deleted_at IS NULL", [p]).fetchall()
        for location, batch, on_hand in rows:
            self.call("doom", "SELECT api.record_movement(%s, 'adjustment', %s, %s, %s, %s, "
                      "'gone')", f"dout-{uuid.uuid4()}", p, location, -on_hand, batch)
        self.call("delete", "SELECT api.delete_product(%s, %s)", p,
                  self.version("catalog.product", p))

    def import_rows(self) -> None:
        """A few rows imported as `stockdb import run` stages them (begin, rows, finish in
        one transaction), naming the products, batches and locations the calls move."""
        rng = self.rng
        skus = [self.one("SELECT sku FROM catalog.product WHERE id = %s", self.product())
                for _ in range(rng.randint(1, 3))]
        place = rng.choice([("W1", "A"), ("W1", "B"), ("W2", "A")])
        kind = rng.choice(["products", "opening_stock", "cycle_counts", "locations"])
        if kind == "products":
            columns = ["sku", "name", "reorder_point", "unit", "active"]
            rows = [[sku, sku, str(rng.randint(0, 40)), rng.choice(["ea", "ea", "kg"]),
                     rng.choice(["true", "true", "false"])] for sku in dict.fromkeys(skus)]
        elif kind == "locations":
            columns = ["warehouse", "code", "kind", "active"]
            rows = [["W1", "B", rng.choice(["storage", "quarantine"]),
                     rng.choice(["true", "false"])]]
        else:
            batch = [rng.choice([None, "E1", "E2", "N1"])
                     for _ in skus] if kind == "opening_stock" else [None] * len(skus)
            if kind == "opening_stock":
                columns = ["sku", "warehouse", "location", "quantity", "batch_number",
                           "expiry_date"]
                rows = [[sku, *place, str(rng.randint(1, 5)), b,
                         {"E1": "2030-01-31", "E2": "2031-06-30", "N1": "2032-03-31"}.get(b)]
                        for sku, b in zip(skus, batch, strict=True)]
            else:
                columns = ["sku", "warehouse", "location", "batch_number", "counted_quantity"]
                rows = []
                for sku in dict.fromkeys(skus):
                    number = self.one("SELECT b.batch_number FROM catalog.product_batch AS b "
                                      "JOIN catalog.product AS p ON p.id = b.product_id "
                                      "WHERE p.sku = %s ORDER BY random() LIMIT 1", sku)
                    rows.append([sku, *place, number, str(rng.randint(0, 60))])
        race_import(self.conn, self.outcomes, self.unexpected, kind, columns, rows,
                    "upsert" if kind in ("products", "locations") else "insert")


def test_stock_moved_from_many_sessions_keeps_the_books(fresh_db):
    wanted = [(name, "applied" if name.startswith("import") else "ok") for name in (
        "ops.check_integrity()", "adjust", "receive", "transfer", "count", "count_at", "reserve",
        "fulfil", "release", "hold", "lift", "redate", "location", "unit", "delete",
        "retry adjust", "import products", "import opening_stock", "import cycle_counts",
        "import locations")]
    run_workers(fresh_db, _world(fresh_db), StockWorker, wanted)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        # One adjustment per key, however often it was retried.
        assert conn.execute(
            "SELECT idempotency_key, count(*) FROM inventory.stock_movement "
            "WHERE idempotency_key LIKE 'adjust-%' GROUP BY 1 HAVING count(*) > 1").fetchall() == []
