"""`stockdb demo`: a company on realistic data, run for 30 days through the api.

1. a fresh `stockdb_demo` database, migrated;
2. two tenants, three warehouses with locations, suppliers, customers,
   carriers (api calls) and demand forecasts;
3. the category tree, the product catalogue and the opening stock written to
   XLSX files and loaded through the importer, as a user would;
4. 30 simulated days of work by concurrent workers, through api functions
   only: purchase orders received in parts, sales orders approved, reserved
   (FEFO) and shipped with tracking events (one delayed), some changed by the
   customer after approval (and approved again), transfers, cycle
   counts with differences, customer returns, a lot recalled every fifth
   day (held until the next recall clears it); the lines a warehouse is
   short of go to a backorder (api.split_sales_order), tried again on the
   days after from any warehouse;
5. maintenance: expired reservations, report refresh, the integrity check
   (and the MongoDB relay when MONGODB_URL is set);
6. a report on screen, in `demo-report.xlsx` and as `demo-stock.png`.

A simulated day is a round of work: the database's clock does not move, so
every timestamp is today's; the chart plots stock at the end of each round.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool

from . import DEFAULT_TENANT
from . import xlsx_import as xi
from .bench_import import STOCK_HEADER
from .db import alone, recreate_database, with_dbname
from .errors import StockdbError
from .maintenance import integrity_findings
from .migrate import Migrator
from .workload import ADMIN

DEMO_DB = "stockdb_demo"
SECOND_TENANT_CODE = "northwind"
# What a call refused for want of stock gives where None is a real answer.
_REFUSED = object()

CATEGORIES = [
    "Food/Dairy",
    "Food/Bakery",
    "Food/Beverages",
    "Food/Frozen",
    "Household/Cleaning",
    "Household/Paper",
    "Health/First aid",
    "Health/Vitamins",
    "Hardware/Fasteners",
    "Hardware/Tools",
]
WORDS = ["Organic", "Classic", "Premium", "Family", "Eco", "Mini", "Max", "Fresh", "Pro", "Daily"]
NOUNS = {
    "Dairy": ["Milk", "Yoghurt", "Butter", "Cheese"],
    "Bakery": ["Bread", "Rolls", "Bagels"],
    "Beverages": ["Juice", "Cola", "Water", "Tea"],
    "Frozen": ["Peas", "Pizza", "Berries"],
    "Cleaning": ["Detergent", "Soap", "Wipes"],
    "Paper": ["Towels", "Tissues", "Napkins"],
    "First aid": ["Plasters", "Bandage", "Gauze"],
    "Vitamins": ["Vitamin C", "Zinc", "Omega 3"],
    "Fasteners": ["Bolt M8", "Nut M8", "Washer", "Screw"],
    "Tools": ["Hammer", "Pliers", "Tape"],
}
PERISHABLE = {"Dairy", "Bakery", "Frozen", "Beverages", "Vitamins", "First aid"}

Progress = Callable[[str], None]


@dataclass(eq=False)  # compared and hashed by identity
class Tenant:
    id: str
    code: str
    user: str | None
    warehouses: dict[str, str] = field(default_factory=dict)  # code → id
    storage: dict[str, list[str]] = field(default_factory=dict)  # warehouse id → locations
    receiving: dict[str, str] = field(default_factory=dict)  # warehouse id → location
    products: list[str] = field(default_factory=list)
    customers: list[str] = field(default_factory=list)
    suppliers: list[str] = field(default_factory=list)
    carriers: list[str] = field(default_factory=list)


@dataclass
class Simulation:
    """What the 30 days did, counted as they went."""

    counts: Counter = field(default_factory=Counter)
    stock_by_day: list[dict[str, float]] = field(default_factory=list)
    open_receipts: list[tuple] = field(default_factory=list)  # tenant, item, location, left
    in_transit: list[tuple] = field(default_factory=list)  # tenant, shipment
    shipped: list[tuple] = field(default_factory=list)  # tenant, shipment
    held: list[tuple] = field(default_factory=list)  # tenant, batch, day held
    backorders: list[tuple] = field(default_factory=list)  # tenant, order, warehouse, day split
    lock: threading.Lock = field(default_factory=threading.Lock)
    seconds: float = 0.0
    movements: int = 0

    def count(self, what: str, n: int = 1) -> None:
        with self.lock:
            self.counts[what] += n


class Api:
    """Each call in its own transaction, on a connection of a pool the workers share.

    Both tenants' calls take whichever connection is free: the caller's
    identity lives in transaction-local settings, so a connection carries
    none of it into the next call, as behind any pooler.
    """

    def __init__(self, url: str, size: int):
        # As stockdb_app, the role an application is given: the demo's business
        # days reach the database through the api functions and report views only.
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=size,
            open=True,
            name="demo",
            kwargs={"autocommit": True, "options": "-c role=stockdb_app"},
        )

    def close(self) -> None:
        self.pool.close()

    def __call__(self, tenant: Tenant, sql: str, *args: Any) -> Any:
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SELECT api.set_context(%s, %s)", [tenant.id, tenant.user])
            row = conn.execute(sql, list(args)).fetchone()
        value = None if row is None else row[0]
        return str(value) if isinstance(value, uuid.UUID) else value

    def rows(self, tenant: Tenant, sql: str, *args: Any) -> list[tuple]:
        """A read as the tenant's application sees it: report views."""
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SELECT api.set_context(%s, %s)", [tenant.id, tenant.user])
            return conn.execute(sql, list(args)).fetchall()


# -- set-up --------------------------------------------------------------------------


def _tenants(url: str, api: Api) -> list[Tenant]:
    with psycopg.connect(url, autocommit=True) as conn:
        second, second_admin = conn.execute(
            "SELECT tenant_id, admin_user_id FROM ops.create_tenant(%s, 'Northwind Traders')",
            [SECOND_TENANT_CODE],
        ).fetchone()
    acme = Tenant(DEFAULT_TENANT, "default", ADMIN)
    north = Tenant(str(second), SECOND_TENANT_CODE, str(second_admin))
    layout = {
        acme: [("BER", "Berlin DC", "Europe/Berlin"), ("HAM", "Hamburg store", "Europe/Berlin")],
        north: [("LYS", "Lyon DC", "Europe/Paris")],
    }
    for tenant, warehouses in layout.items():
        for code, name, zone in warehouses:
            wid = str(
                api(tenant, "SELECT api.create_warehouse(%s, %s, timezone => %s)", code, name, zone)
            )
            tenant.warehouses[code] = wid
            tenant.receiving[wid] = str(
                api(tenant, "SELECT api.create_location(%s, %s, 'receiving')", wid, f"{code}-RCV")
            )
            tenant.storage[wid] = [
                str(api(tenant, "SELECT api.create_location(%s, %s)", wid, f"{code}-{aisle}{n}"))
                for aisle in "AB"
                for n in (1, 2, 3)
            ]
            api(tenant, "SELECT api.create_location(%s, %s, 'quarantine')", wid, f"{code}-QUA")
        for name in ["DHL", "UPS", "DPD"][: 3 if tenant is acme else 2]:
            api(tenant, "SELECT api.create_carrier(%s, %s)", name, f"{name} Express")
            tenant.carriers.append(name)
    return [acme, north]


def _write_sheet(path: Path, name: str, header: list[str], rows: list[list]) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = book.add_worksheet(name)
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, header)
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), dates)
            elif value is not None:
                ws.write(r, c, value)
    book.close()
    return path


def _import(url: str, tenant: Tenant, kind: str, path: Path, progress: Progress) -> int:
    total = [0]

    def tick(n: int) -> None:
        total[0] += n

    result = xi.run_import(url, kind, path, tenant_id=tenant.id, progress=tick)
    if result.status != "applied":
        raise StockdbError(f"demo import of {path.name} ended {result.status}: {result.batch}")
    progress(
        f"  {tenant.code}: imported {path.name} ({total[0]:,} rows, "
        f"{result.batch['inserted']:,} inserted)"
    )
    return total[0]


def _catalogue(
    url: str,
    api: Api,
    tenants: list[Tenant],
    products: int,
    rng: random.Random,
    folder: Path,
    progress: Progress,
) -> None:
    today = dt.date.today()
    shares = {tenants[0]: products * 3 // 4, tenants[1]: products - products * 3 // 4}
    for tenant, count in shares.items():
        _import(
            url,
            tenant,
            "categories",
            _write_sheet(
                folder / f"{tenant.code}-categories.xlsx",
                "categories",
                ["path"],
                [[c] for c in CATEGORIES],
            ),
            progress,
        )
        for code, name in (
            ("FRESHCO", "FreshCo Foods"),
            ("TOOLHUB", "ToolHub Supply"),
            ("CAREPLUS", "CarePlus Health"),
        ):
            tenant.suppliers.append(
                str(
                    api(
                        tenant,
                        "SELECT api.create_supplier(%s, %s, lead_time_days => %s)",
                        code,
                        name,
                        rng.randint(2, 10),
                    )
                )
            )
        for n in range(1, 13):
            tenant.customers.append(
                str(
                    api(
                        tenant,
                        "SELECT api.create_customer(%s, %s, %s)",
                        f"C{n:03}",
                        f"Customer {n}",
                        f"orders{n}@example.com",
                    )
                )
            )
        rows, stock = [], []
        for n in range(1, count + 1):
            category = rng.choice(CATEGORIES)
            leaf = category.split("/")[1]
            sku = f"{tenant.code[:3].upper()}-{n:05}"
            unit = "kg" if leaf == "Frozen" and n % 3 == 0 else "ea"
            price = rng.randint(99, 4999)
            rows.append(
                [
                    sku,
                    f"{rng.choice(WORDS)} {rng.choice(NOUNS[leaf])} {n}",
                    category,
                    unit,
                    price,
                    "EUR",
                    rng.choice([5, 10, 20, 40]),
                    5,
                    rng.randint(2, 14),
                ]
            )
            for code in tenant.warehouses:
                if rng.random() < 0.08:  # some products start with nothing here
                    continue
                for b in range(rng.randint(1, 2)):
                    shelf = f"{code}-{rng.choice('AB')}{rng.randint(1, 3)}"
                    if leaf in PERISHABLE:
                        days = rng.randint(1, 25) if rng.random() < 0.06 else rng.randint(60, 540)
                        expiry = today + dt.timedelta(days=days)
                    else:
                        expiry = None
                    stock.append(
                        [
                            sku,
                            code,
                            shelf,
                            rng.randint(5, 120) if unit == "ea" else round(rng.uniform(2, 50), 3),
                            f"LOT-{code}-{n}-{b + 1}",
                            None,
                            expiry,
                            price * 55 // 100,
                            "EUR",
                        ]
                    )
        progress(
            f"  {tenant.code}: writing {count:,} products and {len(stock):,} stock rows to XLSX"
        )
        _import(
            url,
            tenant,
            "products",
            _write_sheet(
                folder / f"{tenant.code}-products.xlsx",
                "products",
                [
                    "sku",
                    "name",
                    "category",
                    "unit",
                    "unit_price_minor",
                    "currency",
                    "reorder_point",
                    "safety_stock_level",
                    "lead_time_days",
                ],
                rows,
            ),
            progress,
        )
        _import(
            url,
            tenant,
            "opening_stock",
            _write_sheet(
                folder / f"{tenant.code}-opening-stock.xlsx",
                "opening_stock",
                STOCK_HEADER,
                stock,
            ),
            progress,
        )
        tenant.products = [
            str(r[0])
            for r in api.rows(
                tenant,
                "SELECT product_id FROM report.products ORDER BY sku",
            )
        ]
    with psycopg.connect(url) as conn:
        # As a planning system would publish them: one call per product and warehouse.
        for tenant in tenants:
            with conn.transaction():
                conn.execute("SELECT api.set_context(%s)", [tenant.id])
                for wid in tenant.warehouses.values():
                    conn.execute(
                        "SELECT count(api.record_demand_forecast(id, %s, current_date, "
                        "current_date + 30, (abs(hashtext(sku)) %% 60) + 5, 'demo', 0.8)) "
                        "FROM catalog.product WHERE tenant_id = %s",
                        [wid, tenant.id],
                    )


# -- the 30 days ------------------------------------------------------------------


class Day:
    """One simulated day's work for one tenant, in flows that workers run concurrently."""

    def __init__(self, api: Api, sim: Simulation, tenant: Tenant, day: int, seed: int):
        self.api, self.sim, self.t, self.day = api, sim, tenant, day
        self.rng = random.Random(f"{seed}-{tenant.code}-{day}")
        self.serial = 0

    def key(self, what: str) -> str:
        self.serial += 1
        return f"demo-{self.t.code}-d{self.day}-{what}-{self.serial}-{self.rng.getrandbits(32)}"

    def _version(self, view: str, key: str, document: str) -> int:
        """A document's version as the application reads it, from its report view."""
        sql = f"SELECT version FROM report.{view} WHERE {key} = %s"
        return self.api.rows(self.t, sql, document)[0][0]

    def _short(self, call: Callable[[], Any], short: Any = None) -> Any:
        """Run a call; SD001 (not enough stock) is part of a business day, and gives `short`."""
        try:
            return call()
        except psycopg.Error as exc:
            if exc.sqlstate != "SD001":
                raise
            self.sim.count("short of stock")
            return short

    def sales_order(self) -> None:
        t, rng = self.t, self.rng
        wid = rng.choice(list(t.warehouses.values()))
        # No unit_price_minor: the product's list price applies.
        lines = [
            {"product_id": p, "quantity": rng.randint(1, 6)}
            for p in rng.sample(t.products, rng.randint(1, 4))
        ]
        order = self.api(
            t,
            "SELECT api.create_sales_order(%s, %s, %s)",
            self.key("so"),
            rng.choice(t.customers),
            Jsonb(lines),
        )
        self.sim.count("sales orders")
        version = self._version("sales_order_fulfilment", "sales_order_id", order)
        version = self.api(t, "SELECT api.approve_sales_order(%s, %s)", order, version)
        if rng.random() < 0.1:
            self._customer_changes(order, version)
        reserved = self._reserve(order, wid)
        if reserved is None and self._backorder_short_lines(order, wid):
            reserved = self._reserve(order, wid)
        if reserved is None:
            self._cancel(order, "not enough stock", "sales orders cancelled")
            return
        self._ship_and_track(order, wid)

    def _reserve(self, order: Any, wid: Any) -> Any:
        """Reserves an approved order in a warehouse: its reservation ids, or None when short."""
        return self._short(
            lambda: self.api(
                self.t, "SELECT api.reserve_sales_order(%s, %s, %s)", self.key("sor"), order, wid
            )
        )

    def _cancel(self, order: Any, reason: str, counted_as: str) -> None:
        version = self._version("sales_order_fulfilment", "sales_order_id", order)
        self.api(self.t, "SELECT api.cancel_sales_order(%s, %s, %s)", order, version, reason)
        self.sim.count(counted_as)

    def _ship_and_track(self, order: Any, wid: Any) -> None:
        t = self.t
        shipment = self._ship(order, wid)
        if shipment is None:
            return
        self.sim.count("sales orders shipped")
        self.api(
            t, "SELECT api.add_tracking_event(%s, 'in_transit', %s, now(), '{}')", shipment, "hub"
        )
        with self.sim.lock:
            self.sim.in_transit.append((t, shipment))
            self.sim.shipped.append((t, shipment))

    def _backorder_short_lines(self, order: Any, wid: Any) -> bool:
        """The lines the warehouse has too little of go to a backorder
        (api.split_sales_order), which is tried again on the days after; the
        order keeps the rest. False when every line, or none, is short."""
        t = self.t
        lines = self.api.rows(
            t,
            "SELECT l.sales_order_item_id, l.quantity > s.available "
            "FROM report.sales_order_lines AS l "
            "CROSS JOIN LATERAL api.stock_level(l.product_id, %s) AS s "
            "WHERE l.sales_order_id = %s ORDER BY 1",
            wid,
            order,
        )
        short = [item for item, is_short in lines if is_short]
        if not short or len(short) == len(lines):
            return False
        version = self._version("sales_order_fulfilment", "sales_order_id", order)
        backorder = self.api(
            t,
            "SELECT api.split_sales_order(%s, %s, %s, %s)",
            self.key("split"),
            order,
            version,
            Jsonb([{"item_id": str(item)} for item in short]),
        )
        self.sim.count("backorders (short lines split off)")
        with self.sim.lock:
            self.sim.backorders.append((t, backorder, wid, self.day))
        return True

    def fill_backorder(self, order: Any, wid: Any, since: int) -> None:
        """A backorder tried again each day after the day's receipts, from its
        warehouse or another of the tenant's: shipped once the stock is there,
        cancelled when it is still short after five days."""
        t = self.t
        for warehouse in [wid] + [w for w in t.warehouses.values() if w != wid]:
            if self._reserve(order, warehouse) is not None:
                self.sim.count("backorders shipped")
                self._ship_and_track(order, warehouse)
                return
        if self.day - since < 5:
            with self.sim.lock:
                self.sim.backorders.append((t, order, wid, since))
            return
        self._cancel(order, "still short", "backorders cancelled")

    def _ship(self, order: Any, wid: Any) -> Any:
        """Ships a reserved order. A lot it reserved may have been put on hold since
        (a recall): then the order gives its reservations back and is reserved
        again, away from the held lot, or cancelled when that leaves it short."""
        t, rng = self.t, self.rng

        def ship() -> Any:
            return self.api(
                t,
                "SELECT api.ship_sales_order(%s, %s, %s, %s)",
                self.key("ship"),
                order,
                rng.choice(t.carriers),
                f"TRK{rng.getrandbits(40):012d}",
            )

        try:
            return ship()
        except psycopg.Error as exc:
            if exc.sqlstate != "SD005":
                raise
        version = self._version("sales_order_fulfilment", "sales_order_id", order)
        self.api(t, "SELECT api.unreserve_sales_order(%s, %s)", order, version)
        self.sim.count("sales orders reserved again (lot on hold)")
        if self._reserve(order, wid) is None:
            self._cancel(order, "lot on hold", "sales orders cancelled")
            return None
        return ship()

    def recall(self) -> None:
        """A supplier recalls a lot, which is put on hold; the lot of the last recall
        was checked meanwhile and cleared, so its hold is lifted."""
        t = self.t
        with self.sim.lock:
            due = [h for h in self.sim.held if h[0] is t]
            self.sim.held = [h for h in self.sim.held if h[0] is not t]
        for _, batch, _ in due:
            version = self._version("batches", "batch_id", batch)
            self.api(t, "SELECT api.lift_batch_hold(%s, %s)", batch, version)
            self.sim.count("batch holds lifted")
        lots = self.api.rows(
            t,
            "SELECT b.batch_id, b.version FROM report.batches AS b WHERE b.held_at IS NULL "
            "AND EXISTS (SELECT FROM report.stock_by_location AS s "
            "WHERE s.batch_id = b.batch_id AND s.on_hand > 0) ORDER BY b.batch_id",
        )
        if not lots:
            return
        batch, version = self.rng.choice(lots)
        self.api(t, "SELECT api.hold_batch(%s, %s, 'supplier recall')", batch, version)
        self.sim.count("batches held (recall)")
        with self.sim.lock:
            self.sim.held.append((t, batch, self.day))

    def _customer_changes(self, order: Any, version: int) -> None:
        """One more of an approved order's first line: the change sends the order back to
        pending, and it is approved again before it is reserved."""
        t = self.t
        line, quantity = self.api.rows(
            t,
            "SELECT sales_order_item_id, quantity FROM report.sales_order_lines "
            "WHERE sales_order_id = %s ORDER BY sales_order_item_id LIMIT 1",
            order,
        )[0]
        version = self.api(
            t, "SELECT api.update_sales_order_item(%s, %s, %s)", line, version, quantity + 1
        )
        self.api(t, "SELECT api.approve_sales_order(%s, %s)", order, version)
        self.sim.count("sales orders changed by the customer")

    def purchase_order(self) -> None:
        t, rng = self.t, self.rng
        suggestions = self.api.rows(
            t,
            "SELECT product_id, warehouse_id, greatest(suggested_quantity, 10) "
            "FROM report.reorder_suggestions ORDER BY sellable - reorder_point LIMIT 40",
        )
        if not suggestions:
            return
        # One warehouse's needs per order, which names it: the reorder
        # suggestions count what is on order for the warehouse it is for.
        wid = rng.choice(sorted({str(w) for _, w, _ in suggestions}))
        needed = [s for s in suggestions if str(s[1]) == wid]
        picked = rng.sample(needed, min(len(needed), rng.randint(2, 5)))
        order = self.api(
            t,
            "SELECT api.create_purchase_order(%s, 'EUR', warehouse_id => %s)",
            rng.choice(t.suppliers),
            wid,
        )
        self.sim.count("purchase orders")
        items = []
        for product, _, qty in picked:
            version = self._version("purchase_order_status", "purchase_order_id", order)
            item = self.api(
                t,
                "SELECT api.add_purchase_order_item(%s, %s, %s, %s, %s)",
                order,
                version,
                product,
                int(qty),
                rng.randint(50, 2500),
            )
            items.append((item, wid, int(qty)))
        version = self._version("purchase_order_status", "purchase_order_id", order)
        self.api(t, "SELECT api.submit_purchase_order(%s, %s)", order, version)
        for item, wid, qty in items:
            first = max(1, qty // 2)  # half now, the rest on a later day
            self.receive(item, self.t.receiving[wid], first)
            if qty - first:
                with self.sim.lock:
                    self.sim.open_receipts.append((t, item, self.t.receiving[wid], qty - first))

    def receive(self, item: str, location: str, qty: int) -> None:
        expiry = dt.date.today() + dt.timedelta(days=self.rng.randint(90, 400))
        self.api(
            self.t,
            "SELECT api.receive_purchase_order_item(%s, %s, %s, %s, %s, %s)",
            self.key("rcv"),
            item,
            location,
            qty,
            f"PO-{item[-6:]}-{self.day}",
            expiry,
        )
        self.sim.count("purchase receipts")

    def _stock_row(self) -> tuple | None:
        rows = self.api.rows(
            self.t,
            "SELECT product_id, location_id, batch_id, available, on_hand, reserved, "
            "warehouse_id, statement_timestamp() FROM report.stock_by_location "
            "WHERE available > 0 AND location_kind <> 'quarantine' ORDER BY random() LIMIT 1",
        )
        return rows[0] if rows else None

    def transfer(self) -> None:
        row = self._stock_row()
        if row is None:
            return
        product, src, batch, available, _, _, wid, _ = row
        dst = self.rng.choice([loc for loc in self.t.storage[str(wid)] if loc != str(src)])
        qty = max(1, int(available) // 3)
        self._short(
            lambda: self.api(
                self.t,
                "SELECT api.transfer_stock(%s, %s, %s, %s, %s, %s)",
                self.key("tr"),
                product,
                src,
                dst,
                qty,
                batch,
            )
        )
        self.sim.count("transfers")

    def cycle_count(self) -> None:
        """A shelf counted as the read saw it and sent a moment later, as a
        scanner would: api.count_stock_at keeps what other workers moved
        there in between, where api.count_stock would undo it."""
        row = self._stock_row()
        if row is None:
            return
        product, loc, batch, _, on_hand, reserved, _, counted_at = row
        counted = max(int(reserved), int(on_hand) + self.rng.choice([-2, -1, 0, 0, 1]))
        # Another worker may reserve or take stock there in between: the count
        # with what moved since is then below what is reserved (SD001). Or
        # count the same shelf after it and post first (SD004): count again.
        try:
            moved = self._short(
                lambda: self.api(
                    self.t,
                    "SELECT api.count_stock_at(%s, %s, %s, %s, %s, %s, 'cycle count')",
                    self.key("cnt"),
                    product,
                    loc,
                    batch,
                    counted,
                    counted_at,
                ),
                short=_REFUSED,
            )
        except psycopg.Error as exc:
            if exc.sqlstate != "SD004":
                raise
            self.sim.count("counts overtaken by a later one")
            return
        if moved is _REFUSED:
            return
        self.sim.count("cycle counts")
        if moved is not None:
            self.sim.count("count differences")

    def customer_return(self) -> None:
        """A customer sends back a unit of something it was shipped, under the
        batch it left in, to the receiving location of the warehouse it left."""
        with self.sim.lock:
            shipped = [s for tenant, s in self.sim.shipped if tenant is self.t]
        if not shipped:
            return
        shipment = self.rng.choice(shipped)
        left = (
            "SELECT sales_order_item_id, batch_id, warehouse_id FROM report.shipment_lines "
            "WHERE shipment_id = %s AND quantity - quantity_returned >= 1 ORDER BY 1, 2"
        )
        lines = self.api.rows(self.t, left, shipment)
        if not lines:
            return
        item, batch, wid = self.rng.choice(lines)
        try:
            self.api(
                self.t,
                "SELECT api.return_sales_order_item(%s, %s, %s, 1, %s, 'customer return')",
                self.key("ret"),
                item,
                self.t.receiving[str(wid)],
                batch,
            )
        except psycopg.Error as exc:
            # Another worker took the line's last unit back between the read
            # and the return, which refuses a second one (22023). Anything
            # else, or a unit still left, is a fault.
            still_left = (item, batch, wid) in self.api.rows(self.t, left, shipment)
            if exc.sqlstate != "22023" or still_left:
                raise
            return
        self.sim.count("returns")

    def flows(self, size: int) -> list[Callable[[], None]]:
        plan = (
            [self.sales_order] * (6 * size)
            + [self.transfer] * (2 * size)
            + [self.cycle_count] * (2 * size)
            + [self.customer_return] * size
            + [self.purchase_order] * max(1, size // 2)
            + [self.recall] * (self.day % 5 == 0)
        )
        self.rng.shuffle(plan)
        return plan


def _simulate(
    url: str,
    api: Api,
    tenants: list[Tenant],
    days: int,
    size: int,
    workers: int,
    seed: int,
    progress: Progress,
) -> Simulation:
    sim = Simulation()
    with psycopg.connect(url, autocommit=True) as conn:
        start_rows = conn.execute("SELECT count(*) FROM inventory.stock_movement").fetchone()[0]
    started = time.monotonic()
    with (
        ThreadPoolExecutor(max_workers=workers) as pool,
        psycopg.connect(url, autocommit=True) as conn,
    ):
        for day in range(1, days + 1):
            work: list[Callable[[], None]] = []
            with sim.lock:
                due, sim.open_receipts = sim.open_receipts, []
                waiting, sim.backorders = sim.backorders, []
                moving, sim.in_transit = sim.in_transit, []
            for tenant in tenants:
                today = Day(api, sim, tenant, day, seed)
                work += today.flows(size if tenant is tenants[0] else max(1, size // 2))
                work += [
                    lambda d=today, i=i, loc=loc, q=q: d.receive(i, loc, q)
                    for t, i, loc, q in due
                    if t is tenant
                ]
                work += [
                    lambda d=today, o=o, w=w, n=n: d.fill_backorder(o, w, n)
                    for t, o, w, n in waiting
                    if t is tenant
                ]
            for n, (tenant, shipment) in enumerate(moving):
                # Every 7th shipment of the day is late; the rest arrive.
                status = "delayed" if n % 7 == 3 else "delivered"
                work.append(lambda t=tenant, s=shipment, st=status: _track(api, sim, t, s, st))
            for future in [pool.submit(w) for w in work]:
                future.result()
            conn.execute("CALL ops.expire_reservations()")
            stock = dict(
                conn.execute(
                    "SELECT w.code, sum(i.on_hand)::float FROM inventory.inventory AS i "
                    "JOIN warehouse.location AS l "
                    "ON l.tenant_id = i.tenant_id AND l.id = i.location_id "
                    "JOIN warehouse.warehouse AS w "
                    "ON w.tenant_id = l.tenant_id AND w.id = l.warehouse_id "
                    "GROUP BY w.code ORDER BY w.code"
                ).fetchall()
            )
            sim.stock_by_day.append(stock)
            if day == 1 or day % 5 == 0 or day == days:
                progress(
                    f"  day {day:>2}/{days}: {sum(sim.counts.values()):,} operations so far, "
                    f"stock {', '.join(f'{k} {v:,.0f}' for k, v in stock.items())}"
                )
    sim.seconds = time.monotonic() - started
    with psycopg.connect(url, autocommit=True) as conn:
        sim.movements = (
            conn.execute("SELECT count(*) FROM inventory.stock_movement").fetchone()[0] - start_rows
        )
    return sim


def _track(api: Api, sim: Simulation, tenant: Tenant, shipment: str, status: str) -> None:
    api(
        tenant,
        "SELECT api.add_tracking_event(%s, %s, %s, now(), '{}')",
        shipment,
        status,
        "customer" if status == "delivered" else "hub",
    )
    sim.count(f"shipments {status}")


# -- the report ---------------------------------------------------------------------


def _report(
    url: str, api: Api, tenants: list[Tenant], sim: Simulation, integrity_findings: int
) -> dict:
    report: dict[str, Any] = {"tenants": {}}
    for tenant in tenants:
        value = api.rows(
            tenant,
            "SELECT warehouse_code, currency::text, sum(value_minor)::bigint "
            "FROM report.stock_valuation WHERE value_minor IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
        )
        low = api.rows(
            tenant,
            "SELECT sku, warehouse_code, available::float, sellable::float, "
            "reorder_point::float, on_order::float, suggested_quantity::float, supplier_code "
            "FROM report.reorder_suggestions "
            "ORDER BY sellable - reorder_point, sku, warehouse_code LIMIT 10",
        )
        expiring = api.rows(
            tenant,
            "SELECT sku, batch_number, warehouse_code, expiry_date, "
            "days_to_expiry, on_hand::float FROM report.batch_expiry "
            "WHERE on_hand > 0 AND days_to_expiry <= 30 "
            "ORDER BY expiry_date, sku LIMIT 10",
        )
        orders, shipped = api.rows(
            tenant,
            "SELECT count(*), count(*) FILTER (WHERE status IN ('shipped', 'closed')) "
            "FROM report.sales_order_fulfilment",
        )[0]
        report["tenants"][tenant.code] = {
            "stock_value": [{"warehouse": w, "currency": c, "value_minor": v} for w, c, v in value],
            "low_stock": [
                dict(
                    zip(
                        (
                            "sku",
                            "warehouse",
                            "available",
                            "sellable",
                            "reorder_point",
                            "on_order",
                            "suggested_quantity",
                            "supplier",
                        ),
                        r,
                        strict=True,
                    )
                )
                for r in low
            ],
            "expiring_batches": [
                dict(
                    zip(
                        ("sku", "batch", "warehouse", "expiry_date", "days_to_expiry", "on_hand"),
                        r,
                        strict=True,
                    )
                )
                for r in expiring
            ],
            "sales_orders": orders,
            "sales_orders_shipped": shipped,
            "fulfilment_rate_percent": round(100 * shipped / orders, 1) if orders else None,
        }
    with psycopg.connect(url) as conn:
        report["opening_stock_rows"] = conn.execute(
            "SELECT count(*) FROM inventory.stock_movement WHERE reference_type = 'import_batch'"
        ).fetchone()[0]
    report["integrity_findings"] = integrity_findings
    report["movements"] = sim.movements
    report["simulation_seconds"] = round(sim.seconds, 1)
    report["movements_per_second"] = round(sim.movements / sim.seconds, 1) if sim.seconds else 0
    report["operations"] = dict(sorted(sim.counts.items()))
    report["stock_by_day"] = sim.stock_by_day
    return report


def _write_workbook(report: dict, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0.00"})
    ws = book.add_worksheet("Summary")
    ws.write_row(0, 0, ["stockdb demo", dt.date.today().isoformat()], bold)
    r = 2
    for label, value in [
        ("integrity findings", report["integrity_findings"]),
        ("movements posted", report["movements"]),
        ("movements per second", report["movements_per_second"]),
    ] + [(k, v) for k, v in report["operations"].items()]:
        ws.write_row(r, 0, [label, value])
        r += 1
    for code, t in report["tenants"].items():
        ws.write_row(r + 1, 0, [f"{code}: fulfilment rate %", t["fulfilment_rate_percent"]])
        r += 1
    ws.set_column(0, 0, 34)
    sheets = [
        (
            "Stock value",
            ["tenant", "warehouse", "currency", "value"],
            lambda c, t: [
                [c, v["warehouse"], v["currency"], v["value_minor"] / 100] for v in t["stock_value"]
            ],
        ),
        (
            "Low stock",
            [
                "tenant", "sku", "warehouse", "available", "sellable", "reorder point", "on order",
                "suggested", "supplier",
            ],
            lambda c, t: [[c, *v.values()] for v in t["low_stock"]],
        ),
        (
            "Expiring",
            ["tenant", "sku", "batch", "warehouse", "expiry", "days", "on hand"],
            lambda c, t: [
                [c, *(str(x) if isinstance(x, dt.date) else x for x in v.values())]
                for v in t["expiring_batches"]
            ],
        ),
    ]
    for name, header, rows_of in sheets:
        ws = book.add_worksheet(name)
        ws.write_row(0, 0, header, bold)
        n = 1
        for code, t in report["tenants"].items():
            for row in rows_of(code, t):
                ws.write_row(n, 0, row)
                n += 1
        ws.set_column(0, len(header), 16, money if name == "Stock value" else None)
    ws = book.add_worksheet("Stock by day")
    codes = sorted({k for day in report["stock_by_day"] for k in day})
    ws.write_row(0, 0, ["day", *codes], bold)
    for d, day in enumerate(report["stock_by_day"], 1):
        ws.write_row(d, 0, [d, *(day.get(c, 0) for c in codes)])
    book.close()


def _write_chart(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    days = list(range(1, len(report["stock_by_day"]) + 1))
    codes = sorted({k for day in report["stock_by_day"] for k in day})
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=110)
    for code in codes:
        ax.plot(
            days,
            [d.get(code, 0) for d in report["stock_by_day"]],
            marker="o",
            markersize=3,
            label=code,
        )
    ax.set_title("Stock on hand per warehouse, end of each simulated day")
    ax.set_xlabel("day")
    ax.set_ylabel("units on hand")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


# -- all of it ------------------------------------------------------------------------


# The advisory lock a running demo holds on the server (db.alone).
DEMO_LOCK = 7_401_562_880_041


def run_demo(
    admin_url: str, *, small: bool, seed: int, workers: int, out_dir: Path, progress: Progress
) -> dict:
    with alone(admin_url, DEMO_LOCK, f"another stockdb demo is running on this server, and a "
               f"second one would drop {DEMO_DB} under it: wait for it to finish"):
        return _run_demo(admin_url, small=small, seed=seed, workers=workers, out_dir=out_dir,
                         progress=progress)


def _run_demo(
    admin_url: str, *, small: bool, seed: int, workers: int, out_dir: Path, progress: Progress
) -> dict:
    rng = random.Random(seed)
    products, days, size = (200, 30, 2) if small else (2000, 30, 8)
    # Before the database: an output directory that cannot be made stops the run at once.
    out_dir.mkdir(parents=True, exist_ok=True)
    inputs = out_dir / "demo-input"
    inputs.mkdir(exist_ok=True)
    progress(f"creating {DEMO_DB} and migrating it")
    url = recreate_database(admin_url, DEMO_DB)
    with Migrator(url) as m:
        m.apply()
    api = Api(url, workers)
    try:
        progress("two tenants, three warehouses, carriers")
        tenants = _tenants(url, api)
        progress(f"catalogue and opening stock through the XLSX importer ({products:,} products)")
        _catalogue(url, api, tenants, products, rng, inputs, progress)
        progress(f"simulating {days} days with {workers} concurrent workers")
        sim = _simulate(url, api, tenants, days, size, workers, seed, progress)
        progress("maintenance: expire reservations, refresh reports, check integrity")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CALL ops.expire_reservations()")
            conn.execute("CALL ops.refresh_reports(true)")
            findings = len(integrity_findings(conn))
        relayed = _relay(url, progress)
        report = _report(url, api, tenants, sim, findings)
    finally:
        api.close()
    report["relayed_to_mongodb"] = relayed
    report["database"] = DEMO_DB
    report["seed"], report["small"] = seed, small
    report["workbook"] = str(out_dir / "demo-report.xlsx")
    report["chart"] = str(out_dir / "demo-stock.png")
    _write_workbook(report, Path(report["workbook"]))
    _write_chart(report, Path(report["chart"]))
    # Where to connect, without a password (psql finds it in ~/.pgpass or asks).
    parts = conninfo_to_dict(with_dbname(admin_url, DEMO_DB))
    parts.pop("password", None)
    report["connect"] = make_conninfo(**parts)
    return report


def _relay(url: str, progress: Progress) -> int | None:
    if not os.environ.get("MONGODB_URL"):
        progress("MONGODB_URL is not set: the audit trail and alerts wait in audit.outbox")
        return None
    from . import mongo, relay

    try:
        mongo.setup(mongo.connect(), mongo.collection_specs())
        database = mongo.connect(socket_timeout_ms=relay.SOCKET_TIMEOUT_MS)
        with relay.Relay(url, database) as r:
            sent = r.run_until_empty()
    except StockdbError as exc:
        # The demo's work is done and kept; only the copy to MongoDB waits.
        progress(f"relay to MongoDB failed ({exc}); the documents wait in audit.outbox")
        return None
    progress(f"relayed {sent:,} audit and alert documents to MongoDB")
    return sent
