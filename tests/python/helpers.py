"""Small helpers the Python tests share."""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from hypothesis import settings

from stockdb import DEFAULT_TENANT, PROJECT_ROOT
from stockdb.workload import ADMIN

STOCKDB = [sys.executable, "-m", "stockdb"]
__all__ = [
    "ADMIN",
    "BUSINESS_SCHEMAS",
    "DEFAULT_TENANT",
    "OUR_SCHEMAS",
    "STOCKDB",
    "back_to_before",
    "call",
    "copy_tree",
    "fuzz_settings",
    "listed_errors",
    "import_cli",
    "main_warehouse",
    "ownership_breaks",
    "run_all",
    "run_cli",
    "second_waits_for_first",
    "snapshot",
    "stock_some",
    "wait_until_blocked",
    "wait_until_sleeping",
]

# Everything an import may change; staging keeps the batch record by design.
BUSINESS_SCHEMAS = (
    "auth",
    "catalog",
    "warehouse",
    "inventory",
    "procurement",
    "sales",
    "logistics",
    "planning",
    "audit",
)


SQLSTATE = re.compile(r"\b(SD\d{3}|[0-9]{2}[0-9A-Z]{3})\b")


@contextmanager
def cluster_of_its_own(name: str, port: int) -> Iterator[None]:
    """Held while a test uses a cluster it makes under a fixed name and port:
    under pytest-xdist's default distribution two workers ran such tests at
    once, and each one's initdb removed the other's data directory."""
    with open(Path(tempfile.gettempdir()) / f"stockdb-tests-cluster-{name}-{port}.lock",
              "a") as lock:
        # Released when the file closes, however the test ends.
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def listed_errors(conn: psycopg.Connection) -> dict[str, set[str]]:
    """Each api function's name and the SQLSTATEs its COMMENT lists after 'Errors:',
    which applications read (\\df+) to know what to catch."""
    return {
        name: set(SQLSTATE.findall((comment or "").partition("Errors:")[2]))
        for name, comment in conn.execute(
            """SELECT p.proname, obj_description(p.oid, 'pg_proc')
               FROM pg_proc AS p WHERE p.pronamespace = 'api'::regnamespace"""
        ).fetchall()
    }


def fuzz_settings(examples: int, **kwargs) -> settings:
    """The fuzz tests' Hypothesis settings: examples draws (STOCKDB_FUZZ_EXAMPLES for
    more), the same ones every run, so CI does not fail on a draw nobody has seen (with
    the fixed_draws fixture); STOCKDB_FUZZ_RANDOM=1 draws new ones, to hunt."""
    return settings(max_examples=int(os.environ.get("STOCKDB_FUZZ_EXAMPLES", examples)),
                    deadline=None, database=None,
                    derandomize=not os.environ.get("STOCKDB_FUZZ_RANDOM"), **kwargs)


def stock_some(url: str) -> None:
    """Warehouse W with location A1, and products P0 to P2 with 5 of each received
    there in batches B0 to B2, as the default tenant's admin."""
    with psycopg.connect(url) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        wh = conn.execute("SELECT api.create_warehouse('W', 'Main')").fetchone()[0]
        loc = conn.execute("SELECT api.create_location(%s, 'A1')", [wh]).fetchone()[0]
        for n in range(3):
            product = conn.execute(
                "SELECT api.create_product(sku => %s, name => %s)", [f"P{n}", f"Product {n}"]
            ).fetchone()[0]
            conn.execute(
                "SELECT api.receive_stock(%s, %s, %s, 5, batch_number => %s)",
                [f"in-{n}", product, loc, f"B{n}"],
            )


def call(conn: psycopg.Connection, sql: str, params: list):
    """One api call in its own transaction, as the default tenant's admin; its first value."""
    with conn.transaction():
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        return conn.execute(sql, params).fetchone()[0]


def ship_order(conn: psycopg.Connection, quantities: tuple = (1,), promise: str | None = None
               ) -> dict:
    """A sales order of product K shipped through the api from W/A1, a line per quantity,
    with `promise` (SQL) as its expected delivery when given: its shipment, order and
    location ids."""
    from psycopg.types.json import Jsonb

    def one(sql: str, *args):
        return call(conn, sql, list(args))

    w = one("SELECT api.create_warehouse('W', 'W')")
    loc = one("SELECT api.create_location(%s, 'A1')", w)
    product = one("SELECT api.create_product('K', 'K')")
    # Some left over: no out_of_stock to judge on what a test writes afterwards.
    one("SELECT api.receive_stock('in-1', %s, %s, %s)", product, loc, sum(quantities) + 5)
    customer = one("SELECT api.create_customer('CUS', 'Customer')")
    one("SELECT api.create_carrier('CAR', 'Carrier')")
    lines = [{"product_id": str(product), "quantity": q, "unit_price_minor": 100}
             for q in quantities]
    order = one("SELECT api.create_sales_order('so-1', %s, %s, 'EUR')", customer, Jsonb(lines))
    one("SELECT api.approve_sales_order(%s, version) FROM sales.sales_order WHERE id = %s",
        order, order)
    one("SELECT api.reserve_sales_order('rso-1', %s, %s)", order, w)
    shipment = one("SELECT api.ship_sales_order('ship-1', %s, 'CAR', 'T1', "
                   f"expected_delivery_at => {promise or 'NULL'})", order)
    return {"shipment": shipment, "order": order, "location": loc, "product": product}


def run_all(threads: list[threading.Thread], timeout: float, url: str | None = None) -> None:
    """Starts the threads, then waits for each at most timeout seconds. With url, a
    thread still running then is reported as a warning, with what the server's
    sessions are doing: twice in CI an importer of test_import_concurrency was
    still inside one statement 24 s after its last round began, and the test's
    teardown ended it with nothing to say why."""
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    alive = [t.name for t in threads if t.is_alive()]
    if alive and url:
        with psycopg.connect(url, autocommit=True) as conn:
            sessions = conn.execute(
                "SELECT pid, datname = current_database(), backend_type, state, wait_event_type, "
                "wait_event, (now() - query_start)::text, pg_blocking_pids(pid), left(query, 80) "
                "FROM pg_stat_activity WHERE state IS DISTINCT FROM 'idle' "
                "AND pid <> pg_backend_pid()").fetchall()
            waiting = conn.execute(
                "SELECT pid, locktype, relation::regclass::text, mode FROM pg_locks "
                "WHERE NOT granted").fetchall()
        warnings.warn(f"{alive} still running after {timeout} s; sessions {sessions}; "
                      f"waiting for locks {waiting}", stacklevel=2)


def _wait_for(url: str, query: str, params: list, timeout: float, failure: str) -> None:
    """Returns once query's one value is true, polled from a session of its own."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as watch:
        while time.monotonic() < deadline:
            if watch.execute(query, params).fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError(failure)


def wait_until_blocked(url: str, pid: int, timeout: float = 10) -> None:
    """Returns once backend pid waits for a lock another session holds."""
    _wait_for(url, "SELECT cardinality(pg_blocking_pids(%s)) > 0", [pid], timeout,
              f"backend {pid} never waited for a lock")


def wait_until_blocked_by(url: str, pid: int, blocker: int, timeout: float = 10) -> None:
    """Returns once backend pid waits for a lock backend blocker holds."""
    _wait_for(url, "SELECT %s = ANY(pg_blocking_pids(%s))", [blocker, pid], timeout,
              f"backend {pid} never waited for backend {blocker}")


def wait_until_any_blocked_by(url: str, blocker: int, timeout: float = 10) -> None:
    """Returns once some backend waits for a lock backend blocker holds (one whose pid
    the test does not know, such as the CLI's)."""
    _wait_for(url, "SELECT EXISTS (SELECT FROM pg_stat_activity AS a "
              "WHERE %s = ANY(pg_blocking_pids(a.pid)))", [blocker], timeout,
              f"no backend ever waited for backend {blocker}")


def second_waits_for_first(url: str, first, second) -> str:
    """Two admin sessions of the default tenant: first(conn) runs and holds its
    transaction open; second(conn) is started, must wait for it, and goes on
    once first commits. Returns how second ended: 'ok', or 'SQLSTATE: message'."""
    a = psycopg.connect(url)
    b = psycopg.connect(url)
    outcome: list[str] = []

    def run_second() -> None:
        try:
            second(b)
            b.commit()
            outcome.append("ok")
        except psycopg.Error as exc:
            outcome.append(f"{exc.sqlstate}: {exc.diag.message_primary}")

    with a, b:
        for conn in (a, b):
            conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        first(a)
        t = threading.Thread(target=run_second)
        t.start()
        wait_until_blocked(url, b.info.backend_pid)
        a.commit()
        t.join(10)
    assert outcome, "the second session did not finish"
    return outcome[0]


def wait_until_sleeping(url: str, pid: int | None = None, timeout: float = 10) -> None:
    """Returns once backend pid (without one: any backend) sleeps in pg_sleep."""
    _wait_for(url, "SELECT count(*) > 0 FROM pg_stat_activity WHERE wait_event = 'PgSleep' "
              "AND (%s::integer IS NULL OR pid = %s)", [pid, pid], timeout,
              f"backend {pid or '(any)'} never slept")


def back_to_before(url: str, migration: str) -> None:
    """Rolls the database back to before migration, whatever came after it."""
    from stockdb.migrate import Migrator

    later = sorted(p.name for p in Path(PROJECT_ROOT, "migrations").glob("*.rollback.sql"))
    steps = len(later) - later.index(f"{migration}.rollback.sql")
    with Migrator(url) as m:
        assert m.rollback(steps=steps).rolled_back[-1] == migration


def main_warehouse(conn: psycopg.Connection) -> None:
    """The import tests' world: warehouse MAIN with locations A1 and B1, for the default tenant."""
    conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
    wh = conn.execute("SELECT api.create_warehouse('MAIN', 'Main')").fetchone()[0]
    conn.execute("SELECT api.create_location(%s, 'A1')", [wh])
    conn.execute("SELECT api.create_location(%s, 'B1')", [wh])


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120,
            preexec_fn=None):
    """Run the stockdb CLI in a subprocess, as a user would: no terminal, no input.
    preexec_fn runs in the child first (limits, signals)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [*STOCKDB, *args], capture_output=True, text=True, env=full_env, timeout=timeout,
        cwd=PROJECT_ROOT, stdin=subprocess.DEVNULL, check=False, preexec_fn=preexec_fn,
    )


def kill_cli_at(said: str, *args: str, env: dict[str, str]) -> None:
    """Runs the stockdb CLI and kills it outright (SIGKILL, as the out-of-memory
    killer does) once its progress on stderr says `said`: no clean-up of its runs."""
    killed = subprocess.Popen([*STOCKDB, *args], env={**os.environ, **env}, cwd=PROJECT_ROOT,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        for line in killed.stderr:
            if said in line:
                break
        killed.kill()
    finally:
        killed.wait(60)


def import_cli(url: str, *args: str):
    return run_cli("import", *args, env={"DATABASE_URL": url})


def snapshot(url: str) -> dict[str, str]:
    """Each business table's rows, hashed: equal snapshots mean nothing changed."""
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "SELECT format('%%I.%%I', schemaname, relname) FROM pg_stat_user_tables "
            "WHERE schemaname = ANY(%s) ORDER BY 1",
            [list(BUSINESS_SCHEMAS)],
        ).fetchall()
        result = {}
        for (table,) in tables:
            result[table] = conn.execute(
                f"SELECT count(*) || ':' "
                f"|| coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "
                f"FROM {table} AS t"
            ).fetchone()[0]
        return result


def copy_tree(dest: Path, *parts: str) -> None:
    """Copy project directories (migrations, functions, …) into a scratch root."""
    import shutil

    for part in parts:
        src = PROJECT_ROOT / part
        if src.exists():
            shutil.copytree(src, dest / part)


# Functions and views that filter by tenant themselves and run past row security.
RLS_EXEMPT = (
    "api.search_products(",
    "staging.begin_batch(",
    "staging.finish_batch(",
    "report.reorder_suggestions",
    "inventory.sellable_stock",
)

# The schemas stockdb makes and owns.
OUR_SCHEMAS = [
    "api",
    "audit",
    "auth",
    "catalog",
    "inventory",
    "logistics",
    "ops",
    "planning",
    "procurement",
    "report",
    "sales",
    "staging",
    "warehouse",
]


def ownership_breaks(conn: psycopg.Connection) -> list[str]:
    rows = conn.execute(
        """SELECT c.oid::regclass::text, c.relowner::regrole::text, c.relkind::text
           FROM pg_class AS c
           WHERE c.relnamespace::regnamespace::text = ANY (%(schemas)s)
             AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
           UNION ALL
           SELECT p.oid::regprocedure::text, p.proowner::regrole::text, 'f'
           FROM pg_proc AS p
           WHERE p.pronamespace::regnamespace::text = ANY (%(schemas)s)
           UNION ALL
           SELECT n.nspname, n.nspowner::regrole::text, 'n'
           FROM pg_namespace AS n WHERE n.nspname = ANY (%(schemas)s)
           ORDER BY 1""",
        {"schemas": OUR_SCHEMAS},
    ).fetchall()
    breaks = []
    for name, owner, kind in rows:
        if kind == "m":
            expected = "stockdb_maintenance"
        elif name.startswith(RLS_EXEMPT):
            expected = "stockdb_rls_exempt"
        else:
            expected = "stockdb_owner"
        if owner != expected:
            breaks.append(f"{name} is owned by {owner}, not {expected}")
    return breaks


def stage(conn: psycopg.Connection, kind: str, columns: list[str], rows: list[list],
          mode: str = "insert") -> str:
    """Begins a batch of kind, COPYs the rows (sheet rows 2, 3, …) and returns its id."""
    batch, table = conn.execute(
        "SELECT batch_id, row_table FROM staging.begin_batch(%s, 'unit.xlsx', %s, 'Sheet1', %s, "
        "%s)", [kind, uuid.uuid4().hex * 2, columns, mode]).fetchone()
    target = f"{table} (tenant_id, batch_id, row_number, {', '.join(columns)})"
    with conn.cursor().copy(f"COPY {target} FROM STDIN") as copy:
        for number, row in enumerate(rows, start=2):
            copy.write_row([DEFAULT_TENANT, batch, number, *row])
    return batch


def finish(conn: psycopg.Connection, batch: str, got: dict) -> None:
    done = conn.execute("SELECT staging.finish_batch(%s)", [batch]).fetchone()[0]
    got["batch"] = done
    got["errors"] = conn.execute(
        "SELECT row_number, column_name, reason FROM staging.import_error WHERE batch_id = %s",
        [batch]).fetchall()


def race_import(conn: psycopg.Connection, outcomes: Counter, unexpected: list, kind: str,
                columns: list[str], rows: list[list], mode: str = "insert") -> None:
    """An import made as `stockdb import run` makes it (begin, rows, finish in one
    transaction) by a chaos test's worker on its autocommit connection: its outcome
    counted under 'import KIND', and one that is neither a batch's status, a lock
    wait past lock_timeout (55P03, 40001), a unit changed nor a row added under
    the import (both documented in the README) kept as unexpected."""
    name = f"import {kind}"
    got: dict = {}
    try:
        with conn.transaction():
            conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
            finish(conn, stage(conn, kind, columns, rows, mode), got)
    except psycopg.Error as exc:
        outcomes[(name, exc.sqlstate)] += 1
        if exc.sqlstate not in ("55P03", "40001"):
            unexpected.append((name, exc.sqlstate, str(exc)))
        return
    finished = got["batch"]
    if finished["status"] == "failed":
        failure = finished["failure"]
        outcomes[(name, f"failed {failure['sqlstate']}")] += 1
        # The README's apply raising on a concurrent change: a unit the check let
        # be, changed and counted by calls between the check and the apply.
        changed_under_it = failure["sqlstate"] == "22023" and "cannot change" in failure["message"]
        # Likewise a row a call added between the check and the apply (23505, with
        # the hint to import again).
        added_under_it = (failure["sqlstate"] == "23505"
                          and "import the file again" in failure.get("hint", ""))
        if failure["sqlstate"] not in ("55P03", "40001") and not (changed_under_it
                                                                 or added_under_it):
            unexpected.append((name, failure["sqlstate"], str(failure)))
    else:
        outcomes[(name, finished["status"])] += 1
