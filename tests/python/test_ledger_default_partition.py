"""Ledger rows in the default partition moved into their months while others write.

The move itself is held by tests/sql/test_ops_ledger_default_partition.sql;
these are its concurrency: a writer of such a month waits for the move and
then lands in the new month, and two runs at once move each row once.
"""

from __future__ import annotations

import threading

import psycopg
from helpers import DEFAULT_TENANT, run_all, wait_until_blocked

# A movement in March 2030, far past the months made ahead: into the default
# partition until that month is made (the api only writes at now()).
LATE_ROW = (
    "INSERT INTO inventory.stock_movement "
    "(tenant_id, movement_type, product_id, location_id, quantity, occurred_at, reason) "
    "SELECT tenant_id, 'adjustment', product_id, location_id, 1, '2030-03-15', 'late' "
    "FROM inventory.stock_movement WHERE reason IS NULL LIMIT 1"
)


def stocked(url: str) -> None:
    with psycopg.connect(url) as conn:  # one transaction: the context is the transaction's
        conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
        w = conn.execute("SELECT api.create_warehouse('W', 'W')").fetchone()[0]
        loc = conn.execute("SELECT api.create_location(%s, 'A1')", [w]).fetchone()[0]
        p = conn.execute("SELECT api.create_product('P', 'P')").fetchone()[0]
        conn.execute("SELECT api.receive_stock('r-1', %s, %s, 10)", [p, loc])
        conn.execute(LATE_ROW)


def ledger(url: str) -> tuple:
    with psycopg.connect(url, autocommit=True) as conn:
        return (
            conn.execute(
                "SELECT tableoid::regclass::text, count(*) FROM inventory.stock_movement "
                "WHERE reason = 'late' GROUP BY 1"
            ).fetchall(),
            conn.execute("SELECT on_hand FROM inventory.inventory").fetchone()[0],
            conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0],
        )


def test_a_writer_of_a_month_being_moved_waits_then_lands_in_it(fresh_db):
    stocked(fresh_db)
    outcome: dict[str, str] = {}

    def writer(pid_box: list) -> None:
        try:
            with psycopg.connect(fresh_db, autocommit=True) as conn:
                pid_box.append(conn.info.backend_pid)
                conn.execute(LATE_ROW)
                outcome["writer"] = "ok"
        except psycopg.Error as exc:
            outcome["writer"] = f"{exc.sqlstate}: {exc}"

    with psycopg.connect(fresh_db) as mover:
        assert mover.execute("SELECT inventory.adopt_default_ledger_rows()").fetchone()[0] == [
            {"month": "2030-03", "rows": 1}
        ]
        pid: list[int] = []
        thread = threading.Thread(target=writer, args=(pid,))
        thread.start()
        while not pid:
            thread.join(0.05)
        wait_until_blocked(fresh_db, pid[0])
        mover.commit()
        thread.join(30)
    assert outcome == {"writer": "ok"}
    assert ledger(fresh_db) == ([("inventory.stock_movement_p2030_03", 2)], 12, 0)


def test_two_runs_at_once_move_each_row_once(fresh_db):
    stocked(fresh_db)
    results: list = []

    def adopt() -> None:
        try:
            with psycopg.connect(fresh_db) as conn:
                moved = conn.execute("SELECT inventory.adopt_default_ledger_rows()").fetchone()[0]
                results.append(moved)
        except psycopg.Error as exc:  # a deadlock here, before the runs took turns
            results.append(f"{exc.sqlstate}: {exc}")

    run_all([threading.Thread(target=adopt) for _ in range(2)], timeout=30)
    assert sorted(results, key=str) == [[], [{"month": "2030-03", "rows": 1}]]
    assert ledger(fresh_db) == ([("inventory.stock_movement_p2030_03", 1)], 11, 0)
