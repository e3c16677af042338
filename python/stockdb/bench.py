"""Benchmarks that run pgbench against the embedded cluster (or DATABASE_URL).

Every figure is reported next to pgbench's built-in simple-update measured
in the same run on the same cluster, so a slower or busier machine moves
both and the ratio stays meaningful.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import re
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path

import psycopg
from psycopg_pool import ConnectionPool

from . import DEFAULT_TENANT, PROJECT_ROOT
from .cluster import pg_tool, telling_line, tool_environment
from .db import recreate_database, tool_connection
from .errors import StockdbError
from .migrate import Migrator

TENANT = DEFAULT_TENANT
SCRIPTS = PROJECT_ROOT / "bench" / "pgbench"
BENCH_DB = "stockdb_bench"
# The target for reserve+fulfil on one SKU is at this many clients.
HOT_CLIENTS = 32
HOT_LABEL = "reserve+fulfil (hot SKU)"


def _setup_world(url: str, products: int) -> dict[str, str]:
    """Warehouse, location, `products` products, and one hot product with ample stock."""
    with psycopg.connect(url, autocommit=True) as conn:
        wh = conn.execute(
            "INSERT INTO warehouse.warehouse (tenant_id, code, name) VALUES (%s, 'BENCH', 'Bench') "
            "RETURNING id", [TENANT]).fetchone()[0]
        loc = conn.execute(
            "INSERT INTO warehouse.location (tenant_id, warehouse_id, code) "
            "VALUES (%s, %s, 'A1') RETURNING id", [TENANT, wh]).fetchone()[0]
        conn.execute(
            "INSERT INTO catalog.product (tenant_id, sku, name) "
            "SELECT %s, 'SKU-' || n, 'Bench product ' || n FROM generate_series(1, %s) AS n",
            [TENANT, products],
        )
        conn.execute(
            "CREATE TABLE public.bench_product AS "
            "SELECT substr(sku, 5)::int AS n, id FROM catalog.product WHERE sku LIKE 'SKU-%%'"
        )
        conn.execute("ALTER TABLE public.bench_product ADD PRIMARY KEY (n)")
        hot = conn.execute(
            "INSERT INTO catalog.product (tenant_id, sku, name) VALUES (%s, 'HOT', 'Hot product') "
            "RETURNING id", [TENANT]).fetchone()[0]
        with conn.transaction():
            conn.execute("SELECT api.set_context(%s)", [TENANT])
            conn.execute("SELECT api.receive_stock('bench-stock', %s, %s, 100000000, 'B1')",
                         [hot, loc])
            # The mix reserves random products: an SD001 would end its pgbench client.
            # The receipts also give every product the balance row bare_writes.sql
            # (no balance trigger) updates, so the books still agree after it.
            conn.execute(
                "SELECT count(api.receive_stock('bench-stock-' || bp.n, bp.id, %s, 100000)) "
                "FROM public.bench_product AS bp", [loc])
        batch = conn.execute("SELECT id FROM catalog.product_batch WHERE product_id = %s",
                             [hot]).fetchone()[0]
        conn.execute("VACUUM ANALYZE")
    # pgbench substitutes :name as text, so ids arrive as quoted literals.
    return {"tenant": f"'{TENANT}'", "warehouse": f"'{wh}'", "location": f"'{loc}'",
            "hot": f"'{hot}'", "hot_batch": f"'{batch}'", "products": str(products)}


def _pgbench(url: str, args: list[str], seconds: int, clients: int, label: str,
             options: str = "") -> dict:
    # Each run starts from a checkpoint, so none pays for the pages another
    # dirtied, and the full-page writes after it fall on every run alike.
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CHECKPOINT")
    with tempfile.TemporaryDirectory(prefix="stockdb-bench-") as tmp:
        prefix = str(Path(tmp) / "log")
        conninfo, env = tool_connection(url)
        cmd = [pg_tool("pgbench"), "-n", "-T", str(seconds), "-c", str(clients),
               "-j", str(min(clients, 2)), "-l", f"--log-prefix={prefix}", "-r", *args, conninfo]
        # Its report is read for the tps.
        env = tool_environment({**env, "PGOPTIONS": options} if options else env)
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
        if proc.returncode != 0:
            why = telling_line(proc.stderr, "(no output)", first=True)
            raise StockdbError(f"pgbench ({label}) failed: {why}")
        # A log line: client, transaction, latency (µs), script number, …
        by_script: dict[int, list[int]] = {}
        for path in glob.glob(prefix + "*"):
            with open(path) as f:
                for line in f:
                    if line.strip():
                        fields = line.split()
                        by_script.setdefault(int(fields[3]), []).append(int(fields[2]))
    tps = float(re.search(r"tps = ([0-9.]+)", proc.stdout).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", proc.stdout)
    run = {"label": label, "clients": clients, "seconds": seconds, "tps": round(tps, 1),
           "failed": int(failed.group(1)) if failed else 0,
           **_latency_figures([x for found in by_script.values() for x in found])}
    # Several weighted scripts (-f FILE@W): pgbench reports each in a section of its own.
    sections = _SCRIPT.split(proc.stdout)[1:]
    if not sections:
        run["statements"] = _statement_latencies(proc.stdout)
    else:
        run["scripts"] = [
            {"script": Path(path).name, "tps": float(_SCRIPT_TPS.search(text).group(1)),
             **_latency_figures(by_script.get(int(number) - 1, [])),
             "statements": _statement_latencies(text)}
            for number, path, text in zip(sections[::3], sections[1::3], sections[2::3],
                                          strict=True)
        ]
    return run


# pgbench with several scripts: "SQL script 2: bench/pgbench/mix_reserve_fulfil.sql" opens
# each one's section, in which " - 2837 transactions (48.7% of total, tps = 568.997061)".
_SCRIPT = re.compile(r"^SQL script (\d+): (.+)$", re.M)
_SCRIPT_TPS = re.compile(r"^ - \d+ transactions \(.*tps = ([0-9.]+)\)", re.M)


def _latency_figures(latencies_us: list[int]) -> dict:
    latencies = sorted(latencies_us)
    p95 = latencies[int(0.95 * (len(latencies) - 1))] / 1000 if latencies else float("nan")
    return {"transactions": len(latencies),
            "latency_ms_p50": round(statistics.median(latencies) / 1000, 3) if latencies else None,
            "latency_ms_p95": round(p95, 3)}


# pgbench -r: "         0.949           0  SELECT api.reserve_stock(…"
_STATEMENT = re.compile(r"^\s+([0-9.]+)\s+(\d+)\s+(\S.*)$")


def _statement_latencies(output: str) -> list[dict]:
    """Each script line's mean latency (ms) and failures, from pgbench -r. On one hot
    product they show where the stock lock is held: from the call that takes it to
    the END that commits."""
    # The header line itself is the first of the rest; without -r there is no rest.
    _, _, rest = output.partition("statement latencies")
    found = []
    for line in rest.splitlines()[1:]:
        match = _STATEMENT.match(line)
        if match is None:
            break
        found.append({"command": match.group(3).strip(), "latency_ms": float(match.group(1)),
                      "failures": int(match.group(2))})
    return found


def _pooled_hot_run(url: str, world: dict[str, str], threads: int, pool_size: int | None,
                    seconds: int) -> dict:
    """reserve+fulfil on the hot SKU from `threads` threads of this process, as
    an application with that many workers makes them: each transaction on a
    connection of a psycopg-pool of `pool_size`, or with None on a connection
    of the thread's own. Latency counts the wait for a pooled connection."""
    tenant, hot, warehouse = (world[k].strip("'") for k in ("tenant", "hot", "warehouse"))
    clock = {"began": 0.0, "deadline": 0.0}

    def start_clock() -> None:
        clock["began"] = time.perf_counter()
        clock["deadline"] = clock["began"] + seconds

    # The clock starts when every thread is ready, as the last one arrives.
    start = threading.Barrier(threads + 1, action=start_clock, timeout=60)

    def worker(pool: ConnectionPool | None) -> tuple[list[int], int]:
        try:
            # Connected before the clock starts, as pgbench's figures are.
            own = None if pool is not None else psycopg.connect(url, autocommit=True)
        except psycopg.Error:
            start.abort()
            raise
        latencies_us, errors = [], 0
        with own or nullcontext():
            start.wait()
            while (began := time.perf_counter()) < clock["deadline"]:
                try:
                    with (
                        pool.connection() if pool is not None else nullcontext(own) as conn,
                        conn.transaction(),
                    ):
                        conn.execute("SELECT api.set_context(%s)", [tenant])
                        reservation = conn.execute(
                            "SELECT api.reserve_stock(%s, %s, %s, 1)",
                            [str(uuid.uuid4()), hot, warehouse]).fetchone()[0]
                        conn.execute("SELECT api.fulfil_reservation(%s, %s)",
                                     [str(uuid.uuid4()), reservation])
                    latencies_us.append(round((time.perf_counter() - began) * 1_000_000))
                except psycopg.Error:
                    errors += 1
        return latencies_us, errors

    pooling = (ConnectionPool(url, min_size=pool_size, max_size=pool_size, open=False,
                              kwargs={"autocommit": True}, name="bench")
               if pool_size is not None else nullcontext())
    with pooling as pool, ThreadPoolExecutor(max_workers=threads) as executor:
        if pool is not None:
            pool.wait()
        running = [executor.submit(worker, pool) for _ in range(threads)]
        try:
            start.wait()
        except threading.BrokenBarrierError:
            raise StockdbError(f"reserve+fulfil from {threads} threads: not every thread "
                               "connected within 60 s") from None
        done = [future.result() for future in running]
        elapsed = time.perf_counter() - clock["began"]
    figures = _latency_figures([x for latencies_us, _ in done for x in latencies_us])
    return {
        "threads": threads,
        "connections": pool_size if pool_size is not None else threads,
        "pooled": pool_size is not None,
        "seconds": seconds,
        "tps": round(figures["transactions"] / elapsed, 1),
        "failed": sum(errors for _, errors in done),
        **figures,
    }


def run_movements(
    admin_url: str, seconds: int = 30, progress: Callable[[str], None] = print,
    hot_clients: Sequence[int] = (), hot_pools: Sequence[int] = (),
) -> dict:
    """Baseline simple-update vs record_movement and a bare ledger row (8 clients each),
    reserve+fulfil vs its three bare ledger rows on one SKU (32 clients each),
    record_movement's writes with no trigger (8 clients) and a mix of receipts and
    reserve+fulfil of random products (8 clients), in the order of the report's results;
    then reserve+fulfil again at each of `hot_clients`, for how the hot SKU's rate
    depends on the number of connections; with `hot_pools`, reserve+fulfil from
    32 threads of this process, on a connection each and then through a
    psycopg-pool of each size."""
    progress(f"creating {BENCH_DB} and migrating it")
    url = recreate_database(admin_url, BENCH_DB)
    with Migrator(url) as m:
        m.apply()
    world = _setup_world(url, products=1000)
    progress("pgbench -i (scale 10) for the baseline")
    conninfo, env = tool_connection(url)
    init = subprocess.run([pg_tool("pgbench"), "-i", "-q", "-s", "10", conninfo],
                          capture_output=True, text=True, check=False, env=env)
    if init.returncode != 0:
        why = telling_line(init.stderr, "(no output)", first=True)
        raise StockdbError(f"pgbench -i failed: {why}")
    defines = [arg for key, value in world.items() for arg in ("-D", f"{key}={value}")]

    progress(f"baseline: pgbench simple-update (-N), 8 clients, {seconds} s")
    baseline = _pgbench(url, ["-N"], seconds, 8, "simple-update")
    progress(f"api.record_movement, 8 clients, {seconds} s")
    movement = _pgbench(url, ["-f", str(SCRIPTS / "record_movement.sql"), *defines],
                        seconds, 8, "record_movement")
    progress(f"ledger row alone (the design's floor), 8 clients, {seconds} s")
    floor = _pgbench(url, ["-f", str(SCRIPTS / "ledger_row.sql"), *defines],
                     seconds, 8, "ledger row alone")

    def hot_run(clients: int) -> dict:
        progress(f"api.reserve_stock + api.fulfil_reservation on one SKU, {clients} clients, "
                 f"{seconds} s")
        return _pgbench(url, ["-f", str(SCRIPTS / "reserve_fulfil.sql"), *defines],
                        seconds, clients, HOT_LABEL)

    hot = hot_run(HOT_CLIENTS)
    progress(f"the three ledger rows of reserve+fulfil alone (the design's floor), "
             f"{HOT_CLIENTS} clients, {seconds} s")
    hot_floor = _pgbench(url, ["-f", str(SCRIPTS / "reserve_fulfil_floor.sql"), *defines],
                         seconds, HOT_CLIENTS, "reserve+fulfil ledger rows alone")
    progress(f"record_movement's three writes alone, no trigger or foreign key, 8 clients, "
             f"{seconds} s")
    bare = _pgbench(url, ["-f", str(SCRIPTS / "bare_writes.sql"), *defines],
                    seconds, 8, "record_movement writes alone",
                    options="-c session_replication_role=replica")
    progress(f"api.receive_stock, and api.reserve_stock + api.fulfil_reservation, of random "
             f"products, half each, 8 clients, {seconds} s")
    mix = _pgbench(url, ["-f", f"{SCRIPTS / 'mix_receive.sql'}@1",
                         "-f", f"{SCRIPTS / 'mix_reserve_fulfil.sql'}@1", *defines],
                   seconds, 8, "receive, reserve+fulfil mix")
    by_clients = {HOT_CLIENTS: hot}
    for clients in sorted(set(hot_clients) - {HOT_CLIENTS}):
        by_clients[clients] = hot_run(clients)
    pooled = []
    for size in [None, *sorted(set(hot_pools))] if hot_pools else []:
        how = "a connection each" if size is None else f"a psycopg-pool of {size}"
        progress(f"reserve+fulfil on one SKU from {HOT_CLIENTS} threads of this process, on {how}, "
                 f"{seconds} s")
        pooled.append(_pooled_hot_run(url, world, HOT_CLIENTS, size, seconds))
    with psycopg.connect(url) as conn:
        mismatches = conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0]
        version = conn.execute("SHOW server_version").fetchone()[0]
    return {
        "benchmark": "movements",
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "server_version": version,
        "cpu_count": os.cpu_count(),
        "results": [baseline, movement, floor, hot, hot_floor, bare, mix],
        "record_movement_vs_simple_update": round(movement["tps"] / baseline["tps"], 3),
        "ledger_row_vs_simple_update": round(floor["tps"] / baseline["tps"], 3),
        "record_movement_vs_ledger_row": round(movement["tps"] / floor["tps"], 3),
        "bare_writes_vs_simple_update": round(bare["tps"] / baseline["tps"], 3),
        "record_movement_vs_bare_writes": round(movement["tps"] / bare["tps"], 3),
        "mix_vs_simple_update": round(mix["tps"] / baseline["tps"], 3),
        "reserve_fulfil_vs_simple_update": round(hot["tps"] / baseline["tps"], 3),
        "reserve_fulfil_vs_ledger_rows": round(hot["tps"] / hot_floor["tps"], 3),
        "reserve_fulfil_by_clients": [
            {key: run[key] for key in ("clients", "tps", "latency_ms_p95", "failed")}
            for _, run in sorted(by_clients.items())
        ],
        "reserve_fulfil_pooled": pooled,
        "balance_mismatches_after": mismatches,
    }


def save(result: dict, output: str | None = None) -> Path:
    if output:
        path = Path(output)
    else:
        name = f"{dt.date.today().isoformat()}-{result['benchmark']}.json"
        path = PROJECT_ROOT / "bench" / "results" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n")
    return path
