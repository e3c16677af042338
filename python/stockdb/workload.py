"""A mixed load of api calls: the reliability tests and `stockdb bench soak` run it.

Each worker is a thread with a connection of its own. It makes one api call
per transaction, as an application would (set_context, the call, commit),
with a fresh idempotency key, and records what the client saw of it:

- committed: the commit was acknowledged;
- failed: PostgreSQL answered with an error, so the transaction rolled back;
- unknown: the connection broke before an answer (a crash, a restart), so
  the call may or may not have committed: the case idempotency keys are for.

Movements, reservations, transfers, counts, and whole sales and purchase
order flows are mixed on a few products, so calls contend for the same stock.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from . import DEFAULT_TENANT

# The seeded administrator of the default tenant (migration 0002).
ADMIN = "00000000-0000-7000-8000-000000000002"

# Errors a sound call may meet under load: not enough stock (SD001) and a
# lock held past the api functions' lock_timeout (55P03, retryable).
EXPECTED = frozenset({"SD001", "55P03"})
# And per call: a count dated when its shelf was read meets an adjustment
# another worker posted there since (api.count_stock_at's SD004: count again).
EXPECTED_BY_OP = {"count_at": frozenset({"SD004"})}

# Batches a receipt may land in; each number keeps one expiry date.
BATCHES = {"L1": dt.date(2031, 1, 31), "L2": dt.date(2031, 6, 30), "L3": dt.date(2032, 1, 31)}

# op → weight in the mix.
MIX: dict[str, int] = {
    "receive": 3,
    "consume": 2,
    "adjust": 1,
    "transfer": 3,
    "count": 1,
    "reserve": 5,
    "release": 2,
    "fulfil": 2,
    "sales_order": 1,
    "purchase_order": 1,
}


@dataclass
class Call:
    op: str
    key: str | None
    sql: str
    args: list
    outcome: str = "unknown"  # committed | failed | unknown
    sqlstate: str | None = None
    message: str | None = None
    result: Any = None
    seconds: float = 0.0


@dataclass
class World:
    url: str
    tenant: str
    user: str
    warehouses: list[str]
    locations: dict[str, list[str]]  # warehouse → its locations
    products: list[str]
    customer: str
    carrier: str
    supplier: str

    @property
    def all_locations(self) -> list[tuple[str, str]]:
        return [(w, loc) for w, locs in self.locations.items() for loc in locs]


def _call(conn: psycopg.Connection, tenant: str, user: str, sql: str, args: list) -> Any:
    with conn.transaction():
        conn.execute("SELECT api.set_context(%s, %s)", [tenant, user])
        row = conn.execute(sql, args).fetchone()
    return row[0] if row else None


def build_world(
    url: str,
    products: int = 12,
    warehouses: int = 2,
    locations: int = 2,
    stock: int = 200,
    prefix: str = "LD",
) -> World:
    """Master data and opening stock, made through the api as an application would."""
    tenant, user = DEFAULT_TENANT, ADMIN
    with psycopg.connect(url, autocommit=True) as conn:

        def api(sql: str, *args: Any) -> Any:
            return _call(conn, tenant, user, sql, list(args))

        whs, locs = [], {}
        for w in range(1, warehouses + 1):
            wid = api("SELECT api.create_warehouse(%s, %s)", f"{prefix}W{w}", f"Load {w}")
            whs.append(str(wid))
            locs[str(wid)] = [
                str(api("SELECT api.create_location(%s, %s)", wid, f"{prefix}W{w}-{n}"))
                for n in range(1, locations + 1)
            ]
        prods = [
            str(api("SELECT api.create_product(%s, %s)", f"{prefix}-{n:03}", f"Load item {n}"))
            for n in range(1, products + 1)
        ]
        world = World(
            url=url,
            tenant=tenant,
            user=user,
            warehouses=whs,
            locations=locs,
            products=prods,
            customer=str(api("SELECT api.create_customer(%s, %s)", f"{prefix}C", "Load customer")),
            carrier=f"{prefix}X",
            supplier=str(api("SELECT api.create_supplier(%s, %s)", f"{prefix}S", "Load supplier")),
        )
        api("SELECT api.create_carrier(%s, %s)", world.carrier, "Load carrier")
        for p in prods:
            for _, loc in world.all_locations:
                api(
                    "SELECT api.receive_stock(%s, %s, %s, %s, 'L1', %s)",
                    f"{prefix}-open-{p}-{loc}",
                    p,
                    loc,
                    stock,
                    BATCHES["L1"],
                )
    return world


@dataclass
class Load:
    """`clients` workers making api calls until stop() (or `seconds` have passed)."""

    world: World
    clients: int = 8
    seed: int = 1
    mix: dict[str, int] = field(default_factory=lambda: dict(MIX))
    calls: list[Call] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    # -- running ---------------------------------------------------------------

    def start(self) -> Load:
        for n in range(self.clients):
            t = threading.Thread(target=self._worker, args=(n,), daemon=True, name=f"load-{n}")
            t.start()
            self._threads.append(t)
        return self

    def stop(self, timeout: float = 60) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout)

    def run_for(
        self,
        seconds: float,
        every: float | None = None,
        tick: Callable[[float], None] | None = None,
    ) -> None:
        """Start, call `tick(elapsed)` every `every` seconds, stop after `seconds`."""
        self.start()
        started = time.monotonic()
        try:
            while (elapsed := time.monotonic() - started) < seconds:
                time.sleep(min(every or seconds, seconds - elapsed))
                if tick:
                    tick(time.monotonic() - started)
        finally:
            self.stop()

    # -- what happened ---------------------------------------------------------

    def outcomes(self) -> Counter:
        with self._lock:
            return Counter(
                (c.op, c.sqlstate if c.outcome == "failed" else c.outcome) for c in self.calls
            )

    def unexpected(self) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.outcome == "failed"
                    and c.sqlstate not in EXPECTED | EXPECTED_BY_OP.get(c.op, frozenset())]

    # -- one worker ------------------------------------------------------------

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def _worker(self, n: int) -> None:
        rng = random.Random(f"{self.seed}-{n}")
        worker = _Worker(self, rng, f"w{self.seed}-{n}")
        while not self._stop.is_set():
            try:
                worker.step()
            except psycopg.OperationalError:
                worker.reconnect()
        worker.close()


class _Broken(Exception):
    """The connection broke mid-flow: the flow stops here."""


class _Worker:
    def __init__(self, load: Load, rng: random.Random, name: str):
        self.load, self.w, self.rng, self.name = load, load.world, rng, name
        self.conn: psycopg.Connection | None = None
        self.reservations: list[str] = []
        self.serial = 0

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    def reconnect(self) -> None:
        self.close()
        self.conn = None
        self.reservations.clear()
        self.load._stop.wait(0.2)

    def _connection(self) -> psycopg.Connection:
        if self.conn is None or self.conn.closed or self.conn.broken:
            self.conn = psycopg.connect(self.w.url, autocommit=True, connect_timeout=5)
        return self.conn

    def key(self, op: str) -> str:
        self.serial += 1
        return f"{self.name}-{self.serial}-{op}"

    def call(self, op: str, key: str | None, sql: str, *args: Any) -> Call:
        """One api call in its own transaction; raises _Broken when the outcome is unknown."""
        return self._attempt(
            Call(op, key, sql, list(args)),
            lambda conn, record: _call(conn, self.w.tenant, self.w.user, sql, record.args),
        )

    def _attempt(self, record: Call, action: Callable[[psycopg.Connection, Call], Any]) -> Call:
        """Runs `action` (one transaction) and records what the client saw of it:
        committed with its result, failed with its SQLSTATE, or unknown (raises
        _Broken). An action may mark a committed transaction failed itself."""
        conn = self._connection()
        started = time.monotonic()
        try:
            record.result = action(conn, record)
            if record.outcome == "unknown":
                record.outcome = "committed"
        except psycopg.Error as exc:
            if conn.broken or exc.sqlstate is None or exc.sqlstate[:2] in ("08", "57"):
                record.outcome, record.sqlstate = "unknown", exc.sqlstate
                record.message = str(exc).strip().splitlines()[0] if str(exc).strip() else None
                record.seconds = time.monotonic() - started
                self.load._record(record)
                raise _Broken from exc
            record.outcome, record.sqlstate = "failed", exc.sqlstate
            record.message = exc.diag.message_primary
        record.seconds = time.monotonic() - started
        self.load._record(record)
        return record

    def lookup(self, sql: str, *args: Any) -> tuple | None:
        """A read the load needs to choose its next call (outside any api call)."""
        return self._connection().execute(sql, list(args)).fetchone()

    def step(self) -> None:
        op = self.rng.choices(list(self.load.mix), weights=list(self.load.mix.values()))[0]
        try:
            getattr(self, op)()
        except _Broken:
            self.reconnect()

    # -- the operations --------------------------------------------------------

    def _stock_row(self, product: str) -> tuple | None:
        return self.lookup(
            "SELECT location_id, batch_id, available FROM inventory.inventory "
            "WHERE tenant_id = %s AND product_id = %s AND deleted_at IS NULL AND available > 0 "
            "ORDER BY random() LIMIT 1",
            self.w.tenant,
            product,
        )

    def receive(self) -> None:
        batch = self.rng.choice(list(BATCHES))
        _, loc = self.rng.choice(self.w.all_locations)
        self.call(
            "receive",
            k := self.key("receive"),
            "SELECT api.receive_stock(%s, %s, %s, %s, %s, %s)",
            k,
            self.rng.choice(self.w.products),
            loc,
            self.rng.randint(1, 20),
            batch,
            BATCHES[batch],
        )

    def consume(self) -> None:
        product = self.rng.choice(self.w.products)
        row = self._stock_row(product)
        if row:
            self.call(
                "consume",
                k := self.key("consume"),
                "SELECT api.record_movement(%s, 'consumption', %s, %s, %s, %s, 'load')",
                k,
                product,
                row[0],
                self.rng.randint(1, 5),
                row[1],
            )

    def adjust(self) -> None:
        product = self.rng.choice(self.w.products)
        row = self._stock_row(product)
        if row:
            self.call(
                "adjust",
                k := self.key("adjust"),
                "SELECT api.record_movement(%s, 'adjustment', %s, %s, %s, %s, 'load')",
                k,
                product,
                row[0],
                self.rng.choice([-2, -1, 1, 2, 3]),
                row[1],
            )

    def transfer(self) -> None:
        (_, src), (_, dst) = self.rng.sample(self.w.all_locations, 2)
        self.call(
            "transfer",
            k := self.key("transfer"),
            "SELECT api.transfer_stock(%s, %s, %s, %s, %s)",
            k,
            self.rng.choice(self.w.products),
            src,
            dst,
            self.rng.randint(1, 10),
        )

    def count(self) -> None:
        """A count as of now (api.count_stock), or, half the time, dated when
        the shelf was read (api.count_stock_at), as a scanner sends one."""
        product = self.rng.choice(self.w.products)
        row = self.lookup(
            "SELECT location_id, batch_id, on_hand, reserved, statement_timestamp() "
            "FROM inventory.inventory "
            "WHERE tenant_id = %s AND product_id = %s AND deleted_at IS NULL "
            "ORDER BY random() LIMIT 1",
            self.w.tenant,
            product,
        )
        if row:
            location, batch, on_hand, reserved, read_at = row
            counted = max(reserved, on_hand + self.rng.randint(-3, 3))
            k = self.key("count")
            if self.rng.random() < 0.5:
                self.call("count", k, "SELECT api.count_stock(%s, %s, %s, %s, %s, 'load count')",
                          k, product, location, batch, counted)
            else:
                self.call("count_at", k,
                          "SELECT api.count_stock_at(%s, %s, %s, %s, %s, %s, 'load count')",
                          k, product, location, batch, counted, read_at)

    def count_import(self) -> None:
        """A few balances of one warehouse counted by an import, as `stockdb import
        run cycle_counts` makes it (begin, rows, finish in one transaction): it
        holds the warehouse's stock from its check to its commit."""
        rows = self._connection().execute(
            "SELECT p.sku, w.code, l.code, b.batch_number, "
            "greatest(i.reserved, i.on_hand + %s)::text "
            "FROM inventory.inventory AS i "
            "JOIN catalog.product AS p ON p.id = i.product_id "
            "JOIN warehouse.location AS l ON l.id = i.location_id "
            "JOIN warehouse.warehouse AS w ON w.id = l.warehouse_id "
            "LEFT JOIN catalog.product_batch AS b ON b.id = i.batch_id "
            "WHERE i.tenant_id = %s AND w.id = %s AND i.deleted_at IS NULL "
            "ORDER BY random() LIMIT 3",
            [self.rng.randint(-3, 3), self.w.tenant, self.rng.choice(self.w.warehouses)],
        ).fetchall()
        if not rows:
            return

        def run(conn: psycopg.Connection, record: Call) -> Any:
            with conn.transaction():
                conn.execute("SELECT api.set_context(%s, %s)", [self.w.tenant, self.w.user])
                batch = conn.execute(
                    "SELECT batch_id FROM staging.begin_batch('cycle_counts', 'load.xlsx', %s, "
                    "'Sheet1', ARRAY['sku', 'warehouse', 'location', 'batch_number', "
                    "'counted_quantity'])",
                    [uuid.UUID(int=self.rng.getrandbits(128)).hex * 2],
                ).fetchone()[0]
                with conn.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO staging.cycle_count_row (tenant_id, batch_id, row_number, "
                        "sku, warehouse, location, batch_number, counted_quantity) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                        [[self.w.tenant, batch, n, *row] for n, row in enumerate(rows, start=2)],
                    )
                finished = conn.execute("SELECT staging.finish_batch(%s)", [batch]).fetchone()[0]
                reasons = [r[0] for r in conn.execute(
                    "SELECT reason FROM staging.import_error WHERE batch_id = %s", [batch])]
            if finished["status"] == "failed":
                record.outcome, record.sqlstate = "failed", finished["failure"]["sqlstate"]
                record.message = finished["failure"]["message"]
            elif finished["status"] == "rejected":
                # Reserved grew between the load's read and the check: for
                # api.count_stock that is SD001, here a rejected row.
                below = all(re.match(r"less than the .* reserved there", r) for r in reasons)
                record.outcome, record.sqlstate = "failed", "SD001" if below else "rejected"
                record.message = "; ".join(reasons)
            return finished["inserted"]

        self._attempt(Call("count_import", None, "staging.finish_batch", rows), run)

    def reserve(self) -> None:
        c = self.call(
            "reserve",
            k := self.key("reserve"),
            "SELECT api.reserve_stock(%s, %s, %s, %s)",
            k,
            self.rng.choice(self.w.products),
            self.rng.choice(self.w.warehouses),
            self.rng.randint(1, 8),
        )
        if c.outcome == "committed":
            self.reservations.append(str(c.result))

    def _close_reservation(self, op: str, fn: str) -> None:
        if self.reservations:
            rid = self.reservations.pop(self.rng.randrange(len(self.reservations)))
            self.call(op, k := self.key(op), f"SELECT api.{fn}(%s, %s)", k, rid)

    def release(self) -> None:
        self._close_reservation("release", "release_reservation")

    def fulfil(self) -> None:
        self._close_reservation("fulfil", "fulfil_reservation")

    def sales_order(self) -> None:
        """Create, approve, reserve and ship: each step only after the last committed."""
        lines = [
            {"product_id": p, "quantity": self.rng.randint(1, 4), "unit_price_minor": 500}
            for p in self.rng.sample(self.w.products, 2)
        ]
        c = self.call(
            "so_create",
            k := self.key("so"),
            "SELECT api.create_sales_order(%s, %s, %s, 'EUR')",
            k,
            self.w.customer,
            Jsonb(lines),
        )
        if c.outcome != "committed":
            return
        order = str(c.result)
        version = self.lookup("SELECT version FROM sales.sales_order WHERE id = %s", order)[0]
        c = self.call("so_approve", None, "SELECT api.approve_sales_order(%s, %s)", order, version)
        if c.outcome != "committed":
            return
        c = self.call(
            "so_reserve",
            k := self.key("sor"),
            "SELECT api.reserve_sales_order(%s, %s, %s)",
            k,
            order,
            self.rng.choice(self.w.warehouses),
        )
        if c.outcome != "committed":
            return
        self.call(
            "so_ship",
            k := self.key("sos"),
            "SELECT api.ship_sales_order(%s, %s, %s, %s)",
            k,
            order,
            self.w.carrier,
            f"TRK-{uuid.uuid4().hex[:12]}",
        )

    def _po_version(self, order: str) -> int:
        return self.lookup("SELECT version FROM procurement.purchase_order WHERE id = %s", order)[0]

    def purchase_order(self) -> None:
        """Draft, one line, submit, then receive it in two parts."""
        c = self.call(
            "po_create", None, "SELECT api.create_purchase_order(%s, 'EUR')", self.w.supplier
        )
        if c.outcome != "committed":
            return
        order = str(c.result)
        qty = self.rng.randint(2, 20)
        c = self.call(
            "po_add",
            None,
            "SELECT api.add_purchase_order_item(%s, %s, %s, %s, 250)",
            order,
            self._po_version(order),
            self.rng.choice(self.w.products),
            qty,
        )
        if c.outcome != "committed":
            return
        item = str(c.result)
        c = self.call(
            "po_submit",
            None,
            "SELECT api.submit_purchase_order(%s, %s)",
            order,
            self._po_version(order),
        )
        if c.outcome != "committed":
            return
        _, loc = self.rng.choice(self.w.all_locations)
        for part in (qty // 2, qty - qty // 2):
            c = self.call(
                "po_receive",
                k := self.key("por"),
                "SELECT api.receive_purchase_order_item(%s, %s, %s, %s, 'L2', %s)",
                k,
                item,
                loc,
                part,
                BATCHES["L2"],
            )
            if c.outcome != "committed":
                return
