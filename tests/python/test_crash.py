"""Crash recovery: PostgreSQL killed with SIGKILL mid-load loses nothing and doubles nothing.

These run on a cluster of their own ("crash"), with the production settings
(fsync and synchronous_commit on, unlike the test cluster), because they kill
it: every process of the cluster at once, as a power cut or the OOM killer
would, then restart it and let PostgreSQL's crash recovery replay the WAL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from helpers import DEFAULT_TENANT, STOCKDB, cluster_of_its_own
from psycopg.conninfo import conninfo_to_dict

from stockdb import PROJECT_ROOT
from stockdb.bench_import import write_files
from stockdb.cluster import Cluster, pg_tool
from stockdb.db import recreate_database, with_dbname
from stockdb.maintenance import integrity_findings as check_integrity
from stockdb.migrate import Migrator
from stockdb.relay import Relay
from stockdb.workload import ADMIN, Load, build_world

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="kills the server it runs on: needs the embedded cluster, not DATABASE_URL",
    ),
]

# Calls whose committed result is the id of exactly one ledger row.
ONE_ROW = {"receive", "consume", "adjust", "count", "count_at", "po_receive"}


@pytest.fixture(scope="module")
def crash_cluster() -> Iterator[Cluster]:
    port = int(os.environ.get("STOCKDB_CRASH_PORT", "54340"))
    with cluster_of_its_own("crash", port):
        cluster = Cluster("crash", port, tcp=False, fast_unsafe=False)
        cluster.start()
        template = with_dbname(cluster.url("postgres"), "crash_template")
        recreate_database(cluster.url("postgres"), "crash_template")
        with Migrator(template) as m:
            m.apply()
        yield cluster
        if os.environ.get("STOCKDB_KEEP_TEST_CLUSTER"):
            cluster.stop()
        else:
            cluster.destroy()


@pytest.fixture
def crash_db(crash_cluster: Cluster, request) -> Iterator[str]:
    name = f"crash_{request.node.name[:40]}"
    admin = crash_cluster.url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE crash_template')
    yield with_dbname(admin, name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def kill_cluster(cluster: Cluster) -> int:
    """SIGKILL the postmaster and every process it started, all at once; returns
    where the server log stood, for restart() to read what follows."""
    log_size = cluster.log_file.stat().st_size
    pid = int((cluster.data_dir / "postmaster.pid").read_text().split()[0])
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    for victim in [pid, *map(int, children)]:
        try:
            os.kill(victim, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists(), "the postmaster survived SIGKILL"
    return log_size


def restart(cluster: Cluster, log_size: int) -> None:
    """Start again; PostgreSQL must say it is recovering from the crash."""
    assert not cluster.is_running()
    cluster.start()
    with open(cluster.log_file, "rb") as log:
        log.seek(log_size)
        since = log.read().decode(errors="replace")
    assert "was not properly shut down" in since and "redo done" in since, since[-2000:]


def amcheck_findings(cluster: Cluster, dbname: str) -> str:
    """pg_amcheck with heapallindexed on the whole database: '' when it finds nothing."""
    proc = subprocess.run(
        [
            pg_tool("pg_amcheck"),
            "--heapallindexed",
            "--install-missing",
            "--no-password",
            "-h",
            str(cluster.socket_dir),
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "-d",
            dbname,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return (proc.stdout + proc.stderr).strip() if proc.returncode else ""


def integrity_findings(url: str) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as conn:
        return check_integrity(conn)


def retry(url: str, call) -> object:
    with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        return conn.execute(call.sql, call.args).fetchone()[0]


def test_sigkill_mid_load_keeps_every_committed_call_and_no_other(crash_cluster, crash_db):
    load = Load(build_world(crash_db), clients=8, seed=7).start()
    deadline = time.monotonic() + 30
    while sum(c.outcome == "committed" for c in list(load.calls)) < 400:
        assert time.monotonic() < deadline, "the load made too little progress"
        time.sleep(0.1)
    log_size = kill_cluster(crash_cluster)
    load.stop()
    restart(crash_cluster, log_size)

    calls = list(load.calls)
    keyed = [c for c in calls if c.key]
    committed = [c for c in keyed if c.outcome == "committed"]
    failed = [c for c in keyed if c.outcome == "failed"]
    unknown = [c for c in keyed if c.outcome == "unknown"]
    assert unknown, "the kill interrupted no call: nothing to retry"
    assert load.unexpected() == []

    with psycopg.connect(crash_db, autocommit=True) as conn:
        claimed = {
            r[0]
            for r in conn.execute(
                "SELECT idempotency_key FROM inventory.movement_request"
            ).fetchall()
        }
        ledger = dict(
            conn.execute(
                "SELECT idempotency_key, count(*) FROM inventory.stock_movement "
                "WHERE idempotency_key IS NOT NULL GROUP BY 1"
            ).fetchall()
        )
        rows = {
            str(r[0]) for r in conn.execute("SELECT id FROM inventory.stock_movement").fetchall()
        }
    lost = [c.key for c in committed if c.key not in claimed]
    assert lost == [], "calls the client saw committed are gone"
    missing_rows = [
        c.key
        for c in committed
        if c.op in ONE_ROW and c.result is not None and str(c.result) not in rows
    ]
    assert missing_rows == [], "committed movements without their ledger row"
    assert [c.key for c in failed if c.key in claimed or c.key in ledger] == [], (
        "a call that failed left something behind"
    )

    assert integrity_findings(crash_db) == []
    assert amcheck_findings(crash_cluster, conninfo_to_dict(crash_db)["dbname"]) == ""

    # The client never heard back from these: retried with their keys, each
    # takes effect exactly once, whether or not it had committed before the kill.
    for c in unknown:
        had = c.key in claimed
        before = ledger.get(c.key, 0)
        try:
            first = retry(crash_db, c)
        except psycopg.Error as exc:
            # A count dated before the kill may since have been overtaken (SD004).
            assert exc.sqlstate in ("SD001", "SD004" if c.op == "count_at" else "SD001"), (
                f"retry of {c.key}: {exc}")
            assert not had, f"{c.key} had committed, yet its retry moved stock again"
            continue
        second = retry(crash_db, c)
        assert first == second, f"two retries of {c.key} answered differently"
        with psycopg.connect(crash_db) as conn:
            after = conn.execute(
                "SELECT count(*) FROM inventory.stock_movement WHERE idempotency_key = %s", [c.key]
            ).fetchone()[0]
            claims = conn.execute(
                "SELECT count(*) FROM inventory.movement_request WHERE idempotency_key = %s",
                [c.key],
            ).fetchone()[0]
        assert claims == 1
        if had:
            assert after == before, f"{c.key} had committed; its retry moved stock again"
    with psycopg.connect(crash_db) as conn:
        assert conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0] == 0


def test_sigkill_during_import_applies_nothing_and_the_rerun_applies_once(
    crash_cluster, crash_db, tmp_path
):
    sheet = write_files(tmp_path, 20_000)["products"]
    env = {**os.environ, "DATABASE_URL": crash_db}
    run = [*STOCKDB, "import", "run", "products", str(sheet)]
    proc = subprocess.Popen(
        run,
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    applying = False
    deadline = time.monotonic() + 120
    with psycopg.connect(crash_cluster.url("postgres"), autocommit=True) as watch:
        while not applying and proc.poll() is None and time.monotonic() < deadline:
            applying = watch.execute(
                "SELECT count(*) > 0 FROM pg_stat_activity WHERE state = 'active' "
                "AND query LIKE '%%staging.finish_batch%%' AND pid <> pg_backend_pid()"
            ).fetchone()[0]
            time.sleep(0.05)
    assert applying, "the import ended before it was seen applying"
    time.sleep(0.3)
    log_size = kill_cluster(crash_cluster)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("stockdb: "), "one clear line"
    assert "server closed the connection unexpectedly" in lines[0]
    restart(crash_cluster, log_size)

    with psycopg.connect(crash_db) as conn:
        assert (
            conn.execute("SELECT count(*) FROM catalog.product WHERE sku LIKE 'SKU-%%'").fetchone()[
                0
            ]
            == 0
        )
        assert conn.execute("SELECT count(*) FROM staging.import_batch").fetchone()[0] == 0

    def run_again() -> subprocess.CompletedProcess:
        return subprocess.run(
            run,
            env=env,
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=300,
            check=False,
        )

    again = run_again()
    assert again.returncode == 0, again.stderr
    assert "20000 inserted" in again.stdout
    third = run_again()
    assert "nothing changed" in third.stdout
    with psycopg.connect(crash_db) as conn:
        assert (
            conn.execute("SELECT count(*) FROM catalog.product WHERE sku LIKE 'SKU-%%'").fetchone()[
                0
            ]
            == 20_000
        )
    assert integrity_findings(crash_db) == []


def test_sigkill_between_mongodb_write_and_postgresql_mark_loses_and_doubles_nothing(
    crash_cluster, crash_db
):
    import mongomock_ng

    mongo = mongomock_ng.MongoClient(tz_aware=True)["stockdb"]
    with psycopg.connect(crash_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        conn.execute(
            "INSERT INTO warehouse.warehouse (tenant_id, code, name) "
            "SELECT %s, 'W' || g, 'Warehouse ' || g FROM generate_series(1, 500) AS g",
            [DEFAULT_TENANT],
        )
    with psycopg.connect(crash_db) as conn:
        rows = conn.execute("SELECT count(*) FROM audit.outbox").fetchone()[0]
    assert rows >= 500

    written: list[int] = []  # sizes of the batches MongoDB acknowledged
    log_sizes: list[int] = []

    def kill_after_third(batch) -> None:
        written.append(len(batch))
        if len(written) == 3:
            log_sizes.append(kill_cluster(crash_cluster))

    with (
        Relay(crash_db, mongo, batch_size=50, after_write=kill_after_third) as relay,
        pytest.raises(psycopg.OperationalError),
    ):
        relay.run_until_empty()
    assert mongo["audit_logs"].count_documents({}) == 150, "MongoDB got three batches"
    restart(crash_cluster, log_sizes[0])

    with psycopg.connect(crash_db) as conn:
        delivered = conn.execute(
            "SELECT count(*) FROM audit.outbox WHERE delivered_at IS NOT NULL"
        ).fetchone()[0]
    assert delivered == 100, "the third batch was never marked: it waits"
    with Relay(crash_db, mongo, batch_size=50) as relay:
        assert relay.run_until_empty() == rows - 100
    with psycopg.connect(crash_db) as conn:
        ids = {str(r[0]) for r in conn.execute("SELECT id FROM audit.outbox").fetchall()}
        waiting = conn.execute(
            "SELECT count(*) FROM audit.outbox WHERE delivered_at IS NULL"
        ).fetchone()[0]
    docs = list(mongo["audit_logs"].find({}, {"_id": 1}))
    assert waiting == 0
    assert len(docs) == rows and {d["_id"] for d in docs} == ids, "each row delivered once"
