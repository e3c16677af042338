"""Search, stock level and report timings on a generated catalogue.

The data is made set-based, with triggers switched off for the load (the
scratch database is the bench's own): products, then ledger rows, then the
balances summed from the ledger in one statement. The books are checked
afterwards (ops.balance_mismatches() must be empty), so the shortcut cannot
hide a wrong balance. Timings are taken from the client, in milliseconds.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
from collections.abc import Callable

import psycopg

from . import DEFAULT_TENANT as TENANT
from .db import recreate_database
from .errors import StockdbError
from .migrate import Migrator

BENCH_DB = "stockdb_bench_reports"

ADJECTIVES = ["red", "blue", "green", "black", "white", "steel", "oak", "heavy", "light",
              "compact", "industrial", "marine", "silent", "rapid", "precise", "rugged",
              "slim", "mini", "mega", "classic"]
NOUNS = ["widget", "bolt", "screw", "hammer", "drill", "valve", "pump", "cable", "switch",
         "sensor", "bracket", "hinge", "gasket", "filter", "nozzle", "bearing", "spring",
         "clamp", "washer", "coupling"]

# What people type: words, word pairs, a typo, SKU prefixes, a category, a miss.
SEARCH_QUERIES = [
    "widget", "red widget", "blue pump", "steel hinge bracket", "marine valve",
    "silent switch", "widgte", "hamer", "bearnig", "SKU-00012", "SKU-0424", "SKU-99999",
    "fasteners", "precise sensor", "coupling -steel", "no such thing",
]


def _indexes(conn: psycopg.Connection, table: str) -> list[tuple[str, str]]:
    """Indexes of `table` that back no constraint: (name, definition)."""
    return conn.execute(
        """SELECT format('%%I.%%I', n.nspname, c.relname), pg_get_indexdef(i.indexrelid)
           FROM pg_index AS i
           JOIN pg_class AS c ON c.oid = i.indexrelid
           JOIN pg_namespace AS n ON n.oid = c.relnamespace
           WHERE i.indrelid = %s::regclass
             AND NOT EXISTS (SELECT 1 FROM pg_constraint AS k WHERE k.conindid = i.indexrelid)""",
        [table],
    ).fetchall()


def _timed(conn: psycopg.Connection, query: str, params=None) -> float:
    started = time.perf_counter()
    conn.execute(query, params).fetchall()
    return (time.perf_counter() - started) * 1000


def _summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "runs": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 2),
        "max_ms": round(ordered[-1], 2),
    }


def generate(url: str, products: int, movements: int, progress: Callable[[str], None]) -> dict:
    """Products, ledger and balances; returns how long each part took (seconds)."""
    timings: dict[str, float] = {}
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        with conn.transaction():
            conn.execute("SELECT api.set_context(%s)", [TENANT])
            warehouses = [conn.execute("SELECT api.create_warehouse(%s, %s)",
                                       [f"W{w}", f"Warehouse {w}"]).fetchone()[0] for w in (1, 2)]
            locations = [conn.execute("SELECT api.create_location(%s, %s)",
                                      [warehouses[i // 5], f"L{i}"]).fetchone()[0]
                         for i in range(10)]
            top = [conn.execute("SELECT api.create_category(%s)", [name]).fetchone()[0]
                   for name in ("Fasteners", "Tools", "Fluid handling", "Electrical", "Hardware")]
            categories = [conn.execute("SELECT api.create_category(%s, %s)",
                                       [f"Range {i}", top[i % len(top)]]).fetchone()[0]
                          for i in range(50)]

        product_indexes = _indexes(conn, "catalog.product")
        ledger_indexes = _indexes(conn, "inventory.stock_movement")
        # The load goes in without triggers or secondary indexes; both come back below.
        conn.execute("SET session_replication_role = replica")
        for name, _ in product_indexes + ledger_indexes:
            conn.execute(f"DROP INDEX {name}")

        started = time.perf_counter()
        progress(f"generating {products:,} products")
        conn.execute(
            """INSERT INTO catalog.product (tenant_id, sku, name, description, category_id,
                                            reorder_point, safety_stock_level, lead_time_days)
               SELECT %(tenant)s, 'SKU-' || lpad(n::text, 7, '0'),
                      initcap((%(adj)s::text[])[1 + n %% 20] || ' '
                              || (%(noun)s::text[])[1 + (n / 20) %% 20]) || ' model ' || n,
                      'A ' || (%(adj)s::text[])[1 + (n / 400) %% 20] || ' part for '
                      || (%(noun)s::text[])[1 + (n / 8000) %% 20] || ' work',
                      (%(cats)s::uuid[])[1 + n %% 50],
                      CASE WHEN n %% 100 = 0 THEN 200 ELSE 0 END, 0, 14
               FROM generate_series(1, %(n)s) AS n""",
            {"tenant": TENANT, "adj": ADJECTIVES, "noun": NOUNS, "cats": categories,
             "n": products},
        )
        # The vocabulary trigger was off with the others: the same words, in one statement.
        conn.execute(
            """INSERT INTO catalog.search_word (tenant_id, word)
               SELECT DISTINCT p.tenant_id, w.word
               FROM catalog.product AS p
               CROSS JOIN LATERAL catalog.search_words(
                   p.name || ' ' || coalesce(p.description, '')) AS w (word)
               ON CONFLICT DO NOTHING"""
        )
        conn.execute("CREATE TEMP TABLE bench_pid AS "
                     "SELECT substr(sku, 5)::int AS n, id FROM catalog.product")
        conn.execute("ALTER TABLE bench_pid ADD PRIMARY KEY (n)")
        timings["products_s"] = round(time.perf_counter() - started, 1)

        # Row i: product i mod P; the k-th movement of a product (k = i div P)
        # is a receipt of 100 for k < 2 (one per location), then issues of 5,
        # an adjustment every tenth; spread over the last 100 days, in order.
        started = time.perf_counter()
        progress(f"generating {movements:,} ledger rows")
        conn.execute(
            """INSERT INTO inventory.stock_movement (tenant_id, occurred_at, movement_type,
                                                     product_id, location_id, quantity, reason)
               SELECT %(tenant)s,
                      now() - interval '100 days'
                        + (g.k * interval '1 day' * 100 / greatest(%(per)s, 1))
                        + (g.p %% 86400) * interval '1 second',
                      CASE WHEN g.k < 2 THEN 'purchase_receipt'
                           WHEN g.k %% 10 = 9 THEN 'adjustment'
                           WHEN g.k %% 3 = 0 THEN 'consumption'
                           ELSE 'sale_issue' END::inventory.stock_movement_type,
                      b.id,
                      (%(locs)s::uuid[])[1 + (g.p + g.k %% 2) %% 10],
                      CASE WHEN g.k < 2 THEN 100 + 5 * %(per)s
                           WHEN g.k %% 10 = 9 THEN 1 ELSE -5 END,
                      CASE WHEN g.k %% 10 = 9 THEN 'bench' END
               FROM (SELECT i %% %(np)s AS p, i / %(np)s AS k
                     FROM generate_series(0, %(m)s - 1) AS i) AS g
               JOIN bench_pid AS b ON b.n = g.p + 1""",
            {"tenant": TENANT, "locs": locations, "np": products, "m": movements,
             "per": max(movements // products, 1)},
        )
        timings["ledger_s"] = round(time.perf_counter() - started, 1)

        started = time.perf_counter()
        progress("summing balances from the ledger")
        conn.execute(
            """INSERT INTO inventory.inventory (tenant_id, product_id, location_id, on_hand)
               SELECT m.tenant_id, m.product_id, m.location_id, sum(m.quantity)
               FROM inventory.stock_movement AS m
               GROUP BY m.tenant_id, m.product_id, m.location_id"""
        )
        timings["balances_s"] = round(time.perf_counter() - started, 1)

        started = time.perf_counter()
        progress(f"rebuilding {len(product_indexes) + len(ledger_indexes)} indexes")
        for _, definition in product_indexes + ledger_indexes:
            # A partitioned table's index is dumped ON ONLY the parent; built
            # that way it would stay invalid, with no index on any partition.
            conn.execute(definition.replace(" ON ONLY ", " ON ", 1))
        conn.execute("SET session_replication_role = origin")
        invalid = conn.execute("SELECT count(*) FROM pg_index WHERE NOT indisvalid").fetchone()[0]
        if invalid:
            raise StockdbError(f"{invalid} index(es) left invalid after the load")
        conn.execute("VACUUM ANALYZE")
        timings["indexes_and_analyze_s"] = round(time.perf_counter() - started, 1)

        started = time.perf_counter()
        progress("checking the books (ops.balance_mismatches)")
        mismatches = conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0]
        timings["books_check_s"] = round(time.perf_counter() - started, 1)
    return {"timings": timings, "balance_mismatches": mismatches, "warehouses": warehouses}


def measure(url: str, warehouses: list[str], progress: Callable[[str], None],
            repeat: int = 10) -> dict:
    rng = random.Random(42)  # noqa: S311 - a repeatable sample, not a secret
    result: dict = {}
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        progress("refreshing the reports (first refresh: everything)")
        conn.execute("CALL ops.refresh_reports()")
        detail = conn.execute("SELECT detail FROM ops.maintenance_run "
                              "WHERE job_name = 'refresh-reports' ORDER BY id DESC LIMIT 1"
                              ).fetchone()[0]
        result["refresh"] = {"first_refresh_s": round(time.perf_counter() - started, 1),
                             "reports": detail.get("refreshed")}
        started = time.perf_counter()
        conn.execute("CALL ops.refresh_reports()")
        result["refresh"]["refresh_after_no_change_ms"] = round(
            (time.perf_counter() - started) * 1000, 1)

        with conn.transaction():
            conn.execute("SELECT api.set_context(%s)", [TENANT])
            progress(f"api.search_products: {len(SEARCH_QUERIES)} queries × {repeat}")
            for query in SEARCH_QUERIES:  # warm the caches once
                conn.execute("SELECT * FROM api.search_products(%s)", [query]).fetchall()
            per_query = {}
            found = {}
            samples: list[float] = []
            for query in SEARCH_QUERIES:
                times = [_timed(conn, "SELECT * FROM api.search_products(%s)", [query])
                         for _ in range(repeat)]
                per_query[query] = round(statistics.median(times), 2)
                found[query] = len(conn.execute("SELECT * FROM api.search_products(%s)",
                                                [query]).fetchall())
                samples += times
            result["search_products"] = {**_summary(samples), "median_ms_by_query": per_query,
                                         "rows_by_query": found}

            progress("api.stock_level: 2000 random products")
            top = conn.execute("SELECT max(substr(sku, 5)::int) FROM catalog.product").fetchone()[0]
            samples = []
            for _ in range(2000):
                sku = f"SKU-{rng.randint(1, top):07d}"
                # The live-SKU key answers only a query that asks for live products.
                pid = conn.execute("SELECT id FROM catalog.product WHERE tenant_id = %s "
                                   "AND sku = %s AND deleted_at IS NULL",
                                   [TENANT, sku]).fetchone()[0]
                warehouse = rng.choice([None, *warehouses])
                samples.append(_timed(conn, "SELECT * FROM api.stock_level(%s, %s)",
                                      [pid, warehouse]))
            result["stock_level"] = _summary(samples)

            probe = conn.execute("SELECT id FROM catalog.product WHERE tenant_id = %s "
                                 "AND sku = 'SKU-0000100' AND deleted_at IS NULL",
                                 [TENANT]).fetchone()[0]
            reports = {
                "stock_on_hand (one product)":
                    ("SELECT * FROM report.stock_on_hand WHERE product_id = %s", [probe]),
                "stock_on_hand (first 100 out of stock or reorder)":
                    ("SELECT * FROM report.stock_on_hand "
                     "WHERE stock_status IN ('out_of_stock', 'reorder') LIMIT 100", None),
                "stock_valuation (one product)":
                    ("SELECT * FROM report.stock_valuation WHERE product_id = %s", [probe]),
                "expiring_batches(30)": ("SELECT * FROM report.expiring_batches(30)", None),
                "movement_daily (one product)":
                    ("SELECT * FROM report.movement_daily WHERE tenant_id = %s "
                     "AND product_id = %s", [TENANT, probe]),
                "slow_movers (one product)":
                    ("SELECT * FROM report.slow_movers WHERE tenant_id = %s "
                     "AND product_id = %s", [TENANT, probe]),
                "slow_movers (first 100)": ("SELECT * FROM report.slow_movers LIMIT 100", None),
                "inventory_turnover (one product)":
                    ("SELECT * FROM report.inventory_turnover WHERE tenant_id = %s "
                     "AND product_id = %s", [TENANT, probe]),
                "inventory_turnover (first 100)":
                    ("SELECT * FROM report.inventory_turnover LIMIT 100", None),
                "reorder_suggestions (first 100)":
                    ("SELECT * FROM report.reorder_suggestions LIMIT 100", None),
                "purchase_order_status (first 100)":
                    ("SELECT * FROM report.purchase_order_status LIMIT 100", None),
                "sales_order_fulfilment (first 100)":
                    ("SELECT * FROM report.sales_order_fulfilment LIMIT 100", None),
                "shipment_delays": ("SELECT * FROM report.shipment_delays", None),
            }
            progress(f"report queries: {len(reports)} × 5")
            result["reports"] = {}
            for label, (query, params) in reports.items():
                conn.execute(query, params).fetchall()
                times = [_timed(conn, query, params) for _ in range(5)]
                result["reports"][label] = {"median_ms": round(statistics.median(times), 2),
                                            "max_ms": round(max(times), 2)}
    return result


def run_reports(admin_url: str, products: int, movements: int,
                progress: Callable[[str], None] = print) -> dict:
    progress(f"creating {BENCH_DB} and migrating it")
    url = recreate_database(admin_url, BENCH_DB)
    with Migrator(url) as m:
        m.apply()
    started = time.perf_counter()
    generated = generate(url, products, movements, progress)
    generated["timings"]["total_s"] = round(time.perf_counter() - started, 1)
    measured = measure(url, generated.pop("warehouses"), progress)
    with psycopg.connect(url) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        sizes = conn.execute(
            "SELECT (SELECT count(*) FROM catalog.product), "
            "(SELECT count(*) FROM inventory.inventory), "
            "pg_size_pretty(pg_database_size(current_database()))").fetchone()
    return {
        "benchmark": "reports",
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "server_version": version,
        "cpu_count": os.cpu_count(),
        "products": sizes[0], "ledger_rows": movements, "balance_rows": sizes[1],
        "database_size": sizes[2],
        "generation": generated,
        **measured,
    }
