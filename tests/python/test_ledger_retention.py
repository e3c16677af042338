"""Ledger retention across a migration rollback and through the CLI.

The detaching itself is held by tests/sql/test_ops_ledger_retention.sql.
"""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path

import psycopg
from helpers import back_to_before, run_cli

from stockdb import DEFAULT_TENANT, PROJECT_ROOT
from stockdb.migrate import Migrator

# Balances against the ledger's own sums, written out rather than through
# ops.balance_mismatches(), which reads the carry that the rollback drops.
LEDGER_DISAGREES = """
    SELECT count(*) FROM (
        SELECT i.tenant_id, i.product_id, i.batch_id, i.location_id,
               sum(i.on_hand) AS on_hand, sum(i.reserved) AS reserved
        FROM inventory.inventory AS i GROUP BY 1, 2, 3, 4
    ) AS b
    FULL JOIN (
        SELECT m.tenant_id, m.product_id, m.batch_id, m.location_id,
               sum(m.quantity) FILTER (WHERE m.movement_type NOT IN ('reservation', 'release'))
                   AS on_hand,
               -sum(m.quantity) FILTER (WHERE m.movement_type IN ('reservation', 'release'))
                   AS reserved
        FROM inventory.stock_movement AS m GROUP BY 1, 2, 3, 4
    ) AS l USING (tenant_id, product_id, location_id)
    WHERE b.batch_id IS NOT DISTINCT FROM l.batch_id
      AND (coalesce(b.on_hand, 0) <> coalesce(l.on_hand, 0)
           OR coalesce(b.reserved, 0) <> coalesce(l.reserved, 0))
"""


def stock_an_old_month(url: str) -> None:
    """Stock moved in January 2025 and in this month, and a keep of 4 months set."""
    with psycopg.connect(url, autocommit=True) as conn:
        with conn.transaction():
            conn.execute("SELECT test_support.stock_world()")
            conn.execute(
                "SELECT partman.create_partition_time('inventory.stock_movement',"
                " ARRAY['2025-01-01']::timestamptz[])"
            )
            conn.execute("""
                INSERT INTO inventory.stock_movement
                    (tenant_id, occurred_at, movement_type, product_id, location_id, quantity)
                VALUES
                (test_support.default_tenant(), '2025-01-10', 'purchase_receipt',
                 test_support.id('k'), test_support.id('a1'), 10),
                (test_support.default_tenant(), '2025-01-20', 'sale_issue', test_support.id('k'),
                 test_support.id('a1'), -3)
            """)
            conn.execute(
                "SELECT api.receive_stock('now-1', test_support.id('k'), test_support.id('a1'), 1)"
            )
        conn.execute("SELECT ops.set_ledger_retention(4)")


def detach_an_old_month(url: str) -> None:
    """stock_an_old_month, then that month detached, and row security on it."""
    stock_an_old_month(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CALL ops.run_partition_maintenance()")
        # What the next migrate that changes anything does to a table with
        # tenant_id: row security, which the rollback has to take off again.
        policies = Path(PROJECT_ROOT, "sql", "policies", "tenant_isolation.sql")
        conn.execute(policies.read_text())
        assert conn.execute("""
            SELECT relrowsecurity, relispartition FROM pg_class
            WHERE oid = 'inventory.stock_movement_p2025_01'::regclass
        """).fetchone() == (True, False)
        assert conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0] == 0


def test_rolling_back_the_retention_migration_attaches_the_detached_months_again(fresh_db):
    detach_an_old_month(fresh_db)
    back_to_before(fresh_db, "0028_ledger_retention")
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("""
            SELECT relispartition, relrowsecurity, obj_description(oid, 'pg_class') FROM pg_class
            WHERE oid = 'inventory.stock_movement_p2025_01'::regclass
        """).fetchone() == (True, False, None)
        assert conn.execute(
            "SELECT count(*) FROM inventory.stock_movement WHERE occurred_at < '2025-02-01'"
        ).fetchone()[0] == 2
        assert conn.execute("SELECT to_regclass('inventory.ledger_carry')").fetchone()[0] is None
        assert conn.execute(LEDGER_DISAGREES).fetchone()[0] == 0
    with Migrator(fresh_db) as m:
        m.apply()
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0] == 0
        assert conn.execute("SELECT keep_months FROM ops.ledger_retention").fetchone()[0] is None
        assert conn.execute("SELECT count(*) FROM ops.detached_ledger_month").fetchone()[0] == 0


def test_cli_runs_the_detaching_and_check_reports_it(fresh_db):
    detach_an_old_month(fresh_db)
    env = {"DATABASE_URL": fresh_db}
    run = run_cli("maintenance", "run", "partition-maintenance", env=env)
    assert run.returncode == 0, run.stderr
    check = run_cli("check", env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    line = next(x for x in check.stdout.splitlines() if "ledger_partitions" in x)
    # January 2025, and the empty months made at install once they are old enough.
    detached = re.search(r"4 whole months kept before this one, (\d+) detached", line)
    assert detached and int(detached.group(1)) >= 1, line
    assert re.search(r"^ok +integrity +no findings", check.stdout, re.M), check.stdout


def last_run(conn: psycopg.Connection) -> tuple[str, dict]:
    return conn.execute(
        "SELECT status, detail FROM ops.maintenance_run WHERE job_name = 'partition-maintenance'"
        " ORDER BY id DESC LIMIT 1"
    ).fetchone()


def test_a_busy_ledger_fails_the_run_changes_nothing_and_lets_movements_through(fresh_db):
    stock_an_old_month(fresh_db)
    outcome: dict[str, object] = {}

    def maintain() -> None:
        started = time.monotonic()
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("CALL ops.run_partition_maintenance()")
            outcome["seconds"] = time.monotonic() - started
            outcome["run"] = last_run(conn)

    with psycopg.connect(fresh_db) as reader:
        # A long report: it holds the ledger for as long as its transaction lasts.
        reader.execute("SELECT count(*) FROM inventory.stock_movement")
        worker = threading.Thread(target=maintain)
        worker.start()
        # Movements made while the run waits for the ledger, and between its
        # waits, go through, held up at most by one wait.
        waits = []
        with psycopg.connect(fresh_db) as app:
            while worker.is_alive() and len(waits) < 100:
                app.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
                moved = time.monotonic()
                app.execute("""
                    SELECT api.receive_stock(%s, p.id, l.id, 1)
                    FROM catalog.product AS p, warehouse.location AS l
                    WHERE p.sku = 'K' AND l.code = 'A1'
                """, [f"during-{len(waits)}"])
                app.commit()
                waits.append(time.monotonic() - moved)
                time.sleep(0.2)
        worker.join(timeout=60)
        reader.rollback()

    status, detail = outcome["run"]
    assert status == "failed" and detail["sqlstate"] == "55P03", detail
    assert "five waits of 500 ms" in detail["error"]
    # Five waits of half a second, a second apart.
    assert outcome["seconds"] >= 6.0, outcome
    # Some movements queued behind a wait (up to 500 ms); none behind more.
    assert len(waits) >= 10 and max(waits) > 0.1 and max(waits) < 2.0, waits
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(
            "SELECT relispartition FROM pg_class"
            " WHERE oid = 'inventory.stock_movement_p2025_01'::regclass"
        ).fetchone()[0] is True
        assert conn.execute("SELECT count(*) FROM inventory.ledger_carry").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM ops.detached_ledger_month").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0] == 0
        # Once the ledger is free, the next run detaches.
        conn.execute("CALL ops.run_partition_maintenance()")
        status, detail = last_run(conn)
        assert status == "ok", detail
        assert {"table": "inventory.stock_movement_p2025_01", "rows": 2} in detail["detached"]
        assert conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0] == 0


def test_cli_shows_sets_and_refuses_a_retention(fresh_db):
    env = {"DATABASE_URL": fresh_db}
    shown = run_cli("maintenance", "retention", env=env)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "the ledger keeps every month attached"

    refused = run_cli("maintenance", "retention", "--keep-months", "3", env=env)
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[0] == (
        "stockdb: keep_months must be between 4 and 1200, or NULL to keep every month [22023]"
    )
    assert "HINT: Reports read the last 90 days" in refused.stderr
    assert "Traceback" not in refused.stderr

    # Past the setting's integer: a usage error, where it was the server's bare 22003.
    huge = run_cli("maintenance", "retention", "--keep-months", "99999999999", env=env)
    assert huge.returncode == 2
    assert huge.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--keep-months': 99999999999 is not in the range x<=2147483647.")

    both = run_cli("maintenance", "retention", "--keep-months", "12", "--keep-all", env=env)
    assert both.returncode == 2 and "not both" in both.stderr

    kept = run_cli("maintenance", "retention", "--keep-months", "12", "--json", env=env)
    assert kept.returncode == 0, kept.stderr
    assert json.loads(kept.stdout)["keep_months"] == 12

    every = run_cli("maintenance", "retention", "--keep-all", "--json", env=env)
    assert json.loads(every.stdout)["keep_months"] is None


def test_cli_lists_the_detached_months(fresh_db):
    detach_an_old_month(fresh_db)
    shown = run_cli("maintenance", "retention", env={"DATABASE_URL": fresh_db})
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == ("the ledger keeps 4 whole months before the current one;"
                        " partition maintenance detaches older ones")
    listed = r"  inventory\.stock_movement_p2025_01 +2 rows  detached \d{4}-\d\d-\d\d"
    assert any(re.fullmatch(listed, x) for x in lines), lines

    # Archived and dropped by a DBA: still listed (a rollback of 0028 needs it), as dropped.
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("DROP TABLE inventory.stock_movement_p2025_01")
    shown = run_cli("maintenance", "retention", env={"DATABASE_URL": fresh_db})
    assert any(re.fullmatch(listed + ", dropped since", x) for x in shown.stdout.splitlines())
    listed_json = run_cli("maintenance", "retention", "--json", env={"DATABASE_URL": fresh_db})
    assert [d["dropped"] for d in json.loads(listed_json.stdout)["detached"]] == [True]
