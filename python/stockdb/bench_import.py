"""Benchmark of `stockdb import run` against a raw baseline in the same run.

The baseline is the least any XLSX import can do: read the sheet with
python-calamine and COPY its cells into an unindexed table. The full import
adds what makes it safe: staging with a batch, SQL validation of every cell
and rule, the apply through constraints, triggers and (for opening stock)
the ledger. Both are timed here, on the same files and cluster, and the CLI's
peak RSS is read from the kernel's accounting of the child process.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from psycopg import sql
from python_calamine import CalamineWorkbook

from . import DEFAULT_TENANT
from .db import recreate_database
from .errors import StockdbError
from .migrate import Migrator
from .xlsx_import import cell_text, phase_seconds

BENCH_DB = "stockdb_bench_import"
LOCATIONS = 100

PRODUCT_HEADER = [
    "sku",
    "name",
    "description",
    "unit",
    "unit_price_minor",
    "currency",
    "reorder_point",
    "safety_stock_level",
    "lead_time_days",
]
STOCK_HEADER = [
    "sku",
    "warehouse",
    "location",
    "quantity",
    "batch_number",
    "manufacture_date",
    "expiry_date",
    "unit_cost_minor",
    "currency",
]


def write_files(directory: Path, rows: int) -> dict[str, Path]:
    """A products sheet and an opening-stock sheet of `rows` rows each (xlsxwriter, streamed)."""
    import xlsxwriter

    products = directory / "products.xlsx"
    book = xlsxwriter.Workbook(str(products), {"constant_memory": True})
    ws = book.add_worksheet("products")
    ws.write_row(0, 0, PRODUCT_HEADER)
    units = ("ea", "box", "kg", "l", "pack")
    for n in range(1, rows + 1):
        ws.write_row(
            n,
            0,
            [
                f"SKU-{n:07d}",
                f"Bench product {n} {('bolt', 'nut', 'washer', 'screw')[n % 4]}",
                f"Generated for the import benchmark, item {n}",
                units[n % len(units)],
                100 + n % 9000,
                "EUR",
                n % 50,
                n % 20,
                n % 30,
            ],
        )
    book.close()

    stock = directory / "opening_stock.xlsx"
    book = xlsxwriter.Workbook(str(stock), {"constant_memory": True})
    ws = book.add_worksheet("opening_stock")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, STOCK_HEADER)
    made = dt.datetime(2026, 1, 1)
    for n in range(1, rows + 1):
        ws.write_row(
            n, 0, [f"SKU-{n:07d}", "BENCH", f"L{n % LOCATIONS:03d}", 1 + n % 500, f"LOT-{n % 97}"]
        )
        ws.write_datetime(n, 5, made + dt.timedelta(days=n % 200), date_format)
        ws.write_datetime(n, 6, made + dt.timedelta(days=400 + n % 700), date_format)
        ws.write_row(n, 7, [50 + n % 5000, "EUR"])
    book.close()
    return {"products": products, "opening_stock": stock}


def baseline(url: str, path: Path, header: list[str]) -> float:
    """Seconds to read the sheet with calamine and COPY it into an unindexed text table."""
    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        table = sql.Identifier(f"baseline_{path.stem}")
        conn.execute(sql.SQL("DROP TABLE IF EXISTS public.{}").format(table))
        conn.execute(
            sql.SQL("CREATE TABLE public.{} ({})").format(
                table,
                sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(c)) for c in header),
            )
        )
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(path.stem)
        rows = sheet.iter_rows()
        next(rows)
        copy = sql.SQL("COPY public.{} FROM STDIN").format(table)
        with conn.cursor() as cur, cur.copy(copy) as writer:
            for row in rows:
                writer.write_row([cell_text(v) for v in row])
    return time.perf_counter() - started


FLOOR_INSERT = (
    "INSERT INTO catalog.product (tenant_id, sku, name, description, unit,"
    " unit_price_minor, currency, reorder_point, safety_stock_level, lead_time_days) "
    "SELECT %s, b.sku, b.name, b.description, lower(b.unit),"
    " b.unit_price_minor::numeric::bigint, b.currency, b.reorder_point::numeric,"
    " b.safety_stock_level::numeric, b.lead_time_days::numeric::integer "
    "FROM public.baseline_products AS b"
)

# What the products floor is made of, each part taken away in turn on top of
# the ones before it: a name, and the catalog query listing the DDL that takes
# it away. The DDL runs inside the measured transaction and is rolled back
# with the insert. What remains at the end is the bare table: its heap, its
# primary and unique keys, defaults and CHECKs.
FLOOR_PARTS = (
    ("audit trigger",
     "SELECT format('ALTER TABLE catalog.product DISABLE TRIGGER %I', t.tgname) "
     "FROM pg_trigger AS t WHERE t.tgrelid = 'catalog.product'::regclass "
     "AND t.tgfoid = 'audit.tg_row_insert'::regproc"),
    ("search-word trigger",
     "SELECT format('ALTER TABLE catalog.product DISABLE TRIGGER %I', t.tgname) "
     "FROM pg_trigger AS t WHERE t.tgrelid = 'catalog.product'::regclass "
     "AND t.tgfoid = 'catalog.tg_product__search_words'::regproc"),
    ("foreign keys",
     "SELECT format('ALTER TABLE catalog.product DROP CONSTRAINT %I', c.conname) "
     "FROM pg_constraint AS c WHERE c.conrelid = 'catalog.product'::regclass AND c.contype = 'f'"),
    ("search GIN index",
     "SELECT format('DROP INDEX %s', i.indexrelid::regclass) "
     "FROM pg_index AS i JOIN pg_class AS c ON c.oid = i.indexrelid "
     "JOIN pg_am AS a ON a.oid = c.relam "
     "WHERE i.indrelid = 'catalog.product'::regclass AND a.amname = 'gin'"),
    ("other secondary indexes",
     "SELECT format('DROP INDEX %s', i.indexrelid::regclass) "
     "FROM pg_index AS i JOIN pg_class AS c ON c.oid = i.indexrelid "
     "JOIN pg_am AS a ON a.oid = c.relam "
     "WHERE i.indrelid = 'catalog.product'::regclass AND a.amname <> 'gin' "
     "AND NOT i.indisunique"),
    ("generated search vector",
     "SELECT 'ALTER TABLE catalog.product DROP COLUMN search' "
     "FROM pg_attribute AS a WHERE a.attrelid = 'catalog.product'::regclass "
     "AND a.attname = 'search' AND NOT a.attisdropped"),
)


def _timed_floor_insert(conn: psycopg.Connection, taken_away: int) -> float:
    """Seconds for the floor's INSERT with the first `taken_away` parts gone; rolled back."""
    conn.execute("SELECT set_config('stockdb.tenant_id', %s, true)", [str(DEFAULT_TENANT)])
    for _, listing in FLOOR_PARTS[:taken_away]:
        for (ddl,) in conn.execute(listing).fetchall():
            conn.execute(ddl)
    started = time.perf_counter()
    conn.execute(FLOOR_INSERT, [DEFAULT_TENANT])
    elapsed = time.perf_counter() - started
    conn.rollback()
    return elapsed


def products_table_floor(url: str, parts: bool = False) -> dict:
    """Seconds for catalog.product alone to take the baseline's rows in one INSERT … SELECT.

    What no importer can go below while the table keeps its indexes (a
    GIN among them), generated search vector, foreign keys, and search-word and
    audit triggers: the rows arrive typed and valid, as the superuser (no row
    security), and the insert is rolled back so the import that follows finds
    the table as it was. With `parts`, the same insert is timed again with
    each of FLOOR_PARTS taken away on top of the ones before, so the figures
    say what each costs (a difference of two runs, so as noisy as two runs)
    and what the bare table takes; every run is rolled back.
    """
    with psycopg.connect(url) as conn:
        floor = _timed_floor_insert(conn, 0)
        result: dict = {"seconds": floor}
        if parts:
            before = floor
            costs = {}
            for n, (name, _) in enumerate(FLOOR_PARTS, start=1):
                now = _timed_floor_insert(conn, n)
                costs[name] = before - now
                before = now
            result["parts"] = {**costs, "bare table": before}
    return result


# A process's ru_maxrss counts the memory it held before it exec'd the command:
# a copy of its parent. Started straight from a big parent (a long pytest run,
# a bench that has read a sheet itself), the figure is the parent's. This
# small launcher forks the command instead, and writes its peak (KiB) to the
# pipe named by its first argument.
_LAUNCHER = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "os.write(int(sys.argv[1]), str(usage.ru_maxrss).encode())\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def run_measured(argv: list[str], env: dict[str, str]) -> dict:
    """Run argv to its end: exit code, stdout, stderr, wall seconds and its own peak RSS (MiB)."""
    read_end, write_end = os.pipe()
    with (
        os.fdopen(read_end, "rb") as peak_pipe,
        tempfile.TemporaryFile("w+") as out,
        tempfile.TemporaryFile("w+") as err,
    ):
        started = time.perf_counter()
        try:
            launcher = subprocess.Popen(
                [sys.executable, "-c", _LAUNCHER, str(write_end), *argv],
                stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, text=True,
                pass_fds=(write_end,),
            )
        finally:
            os.close(write_end)
        returncode = launcher.wait()
        elapsed = time.perf_counter() - started
        peak = peak_pipe.read()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    return {
        "returncode": returncode,
        "stdout": stdout,
        "stderr": stderr,
        "seconds": elapsed,
        "peak_rss_mib": int(peak) / 1024 if peak else float("nan"),
    }


def cli_import(url: str, kind: str, path: Path) -> dict:
    """Run `stockdb import run` as a user would: wall time and that process's own peak RSS."""
    done = run_measured(
        [sys.executable, "-m", "stockdb", "import", "run", kind, str(path), "--json"],
        {**os.environ, "DATABASE_URL": url},
    )
    if done["returncode"] != 0:
        raise StockdbError(
            f"import of {kind} failed: {done['stderr'].strip() or done['stdout'].strip()}"
        )
    return {
        "seconds": round(done["seconds"], 2),
        "peak_rss_mib": round(done["peak_rss_mib"], 1),
        "batch": json.loads(done["stdout"]),
    }


def run_import_bench(
    admin_url: str, rows: int, progress: Callable[[str], None], floor_parts: bool = False
) -> dict:
    progress(f"creating {BENCH_DB} and migrating it")
    url = recreate_database(admin_url, BENCH_DB)
    with Migrator(url) as m:
        m.apply()
    with psycopg.connect(url, autocommit=True) as conn:
        wh = conn.execute(
            "INSERT INTO warehouse.warehouse (tenant_id, code, name) "
            "VALUES (%s, 'BENCH', 'Bench') RETURNING id",
            [DEFAULT_TENANT],
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO warehouse.location (tenant_id, warehouse_id, code) "
            "SELECT %s, %s, format('L%%s', lpad(n::text, 3, '0')) "
            "FROM generate_series(0, %s) AS n",
            [DEFAULT_TENANT, wh, LOCATIONS - 1],
        )
        version = conn.execute("SHOW server_version").fetchone()[0]

    result: dict = {
        "benchmark": "import",
        "rows": rows,
        "server_version": version,
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    with tempfile.TemporaryDirectory(prefix="stockdb-bench-import-") as tmp:
        progress(f"writing two sheets of {rows:,} rows with xlsxwriter")
        started = time.perf_counter()
        files = write_files(Path(tmp), rows)
        result["generate_seconds"] = round(time.perf_counter() - started, 2)
        result["file_mib"] = {k: round(p.stat().st_size / 2**20, 1) for k, p in files.items()}
        for kind, header in (("products", PRODUCT_HEADER), ("opening_stock", STOCK_HEADER)):
            progress(f"{kind}: baseline (calamine read + COPY into an unindexed table)")
            base = baseline(url, files[kind], header)
            floor_figures = {}
            if kind == "products":
                progress("products: the products table alone (one INSERT … SELECT, rolled back)"
                         + (", then without each of its parts in turn" if floor_parts else ""))
                measured = products_table_floor(url, parts=floor_parts)
                floor = measured["seconds"]
                floor_figures = {"table_floor_seconds": round(floor, 2),
                                 "table_floor_ratio_to_baseline": round(floor / base, 2)}
                if floor_parts:
                    floor_figures["table_floor_parts_seconds"] = {
                        name: round(v, 3) for name, v in measured["parts"].items()
                    }
            progress(f"{kind}: stockdb import run")
            full = cli_import(url, kind, files[kind])
            # The batch says when each phase in the database ended; the rest of
            # the command's time ("cli") is its own: start-up, parsing the
            # sheet before the transaction, the commit.
            phases = phase_seconds(full["batch"])
            phases = {"cli": round(full["seconds"] - sum(phases.values()), 2), **phases}
            result[kind] = {
                "baseline_seconds": round(base, 2),
                "import_seconds": full["seconds"],
                "ratio_to_baseline": round(full["seconds"] / base, 2),
                "phase_seconds": phases,
                "phase_ratio_to_baseline": {k: round(v / base, 2) for k, v in phases.items()},
                **floor_figures,
                "rows_per_second": round(rows / full["seconds"]),
                "cli_peak_rss_mib": full["peak_rss_mib"],
                "status": full["batch"]["status"],
                "inserted": full["batch"]["inserted"],
            }
            progress(f"{kind}: baseline {base:.2f} s, import {full['seconds']:.2f} s ("
                     + ", ".join(f"{k} {v:.2f}" for k, v in phases.items()) + ")")
        with psycopg.connect(url) as conn:
            result["balance_mismatches_after"] = conn.execute(
                "SELECT count(*) FROM ops.balance_mismatches()"
            ).fetchone()[0]
            result["ledger_rows"] = conn.execute(
                "SELECT count(*) FROM inventory.stock_movement"
            ).fetchone()[0]
    return result
