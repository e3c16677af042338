"""stockdb migrate on a database in use: bounded lock waits, retries, no error but 55P03."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg
import pytest
from helpers import copy_tree, run_cli

from stockdb import migrate
from stockdb.errors import StockdbError
from stockdb.migrate import Migrator
from stockdb.workload import Load, build_world

NEW_MIGRATION = """-- depends: 0022_tenant_isolation
-- A column on the ledger every movement writes, and an index on a table the load reads.
ALTER TABLE inventory.stock_movement ADD COLUMN load_note text;
CREATE INDEX product_name_load_idx ON catalog.product (name);
"""
NEW_ROLLBACK = """DROP INDEX catalog.product_name_load_idx;
ALTER TABLE inventory.stock_movement DROP COLUMN load_note;
"""


@pytest.fixture
def root_with_new_migration(tmp_path: Path) -> Path:
    copy_tree(tmp_path, "migrations", "functions", "triggers", "sql")
    (tmp_path / "migrations" / "9000_load_note.sql").write_text(NEW_MIGRATION)
    (tmp_path / "migrations" / "9000_load_note.rollback.sql").write_text(NEW_ROLLBACK)
    return tmp_path


def test_migrate_while_api_calls_run_costs_them_nothing_but_retryable_waits(
    fresh_db, root_with_new_migration
):
    load = Load(build_world(fresh_db), clients=8, seed=3).start()
    try:
        time.sleep(2)
        before = len(load.calls)
        migrated = run_cli(
            "migrate",
            env={"DATABASE_URL": fresh_db, "STOCKDB_PROJECT_ROOT": str(root_with_new_migration)},
        )
        during = len(load.calls) - before
        time.sleep(2)
    finally:
        load.stop()
    assert migrated.returncode == 0, migrated.stderr
    assert "9000_load_note" in migrated.stdout + migrated.stderr
    assert load.unexpected() == [], "the load saw an error other than SD001 or 55P03"
    assert during > 0, "the load stood still while migrate ran"
    after = [c for c in load.calls[before + during:] if c.outcome == "committed"]
    assert after, "no call committed after the migration"
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_schema = 'inventory' AND table_name = 'stock_movement' "
            "AND column_name = 'load_note'"
        ).fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0] == 0


def test_a_run_that_times_out_on_a_lock_changes_nothing_and_is_tried_again(
    fresh_db, root_with_new_migration, monkeypatch
):
    monkeypatch.setenv("STOCKDB_MIGRATE_LOCK_TIMEOUT", "300ms")
    said: list[str] = []
    holder = psycopg.connect(fresh_db)
    holder.execute("LOCK TABLE catalog.product IN ROW EXCLUSIVE MODE")  # as a writer would

    def release_after_first_timeout() -> None:
        deadline = time.monotonic() + 30
        while not any("trying again" in s for s in said) and time.monotonic() < deadline:
            time.sleep(0.02)
        holder.rollback()

    releaser = threading.Thread(target=release_after_first_timeout)
    releaser.start()
    try:
        with Migrator(fresh_db, root=root_with_new_migration, progress=said.append) as m:
            plan = m.apply()
    finally:
        releaser.join(timeout=30)
        holder.close()
    retries = [s for s in said if "trying again" in s]
    assert len(retries) == 1, said
    assert "9000_load_note.sql" in retries[0] and "nothing was changed" in retries[0]
    assert plan.migrations == ["9000_load_note"]


def test_a_run_that_keeps_timing_out_names_the_file_and_waits_once_per_attempt(
    fresh_db, root_with_new_migration, monkeypatch
):
    """The file is not run again to find the statement that waited: that would
    wait as long again, holding what its earlier statements locked."""
    monkeypatch.setenv("STOCKDB_MIGRATE_LOCK_TIMEOUT", "300ms")
    monkeypatch.setattr(migrate, "MIGRATE_ATTEMPTS", 1)

    def run_again(*_args):
        raise AssertionError("the file was run again after a lock timeout")

    monkeypatch.setattr(migrate, "_failing_statement_line", run_again)
    with psycopg.connect(fresh_db) as holder:
        holder.execute("LOCK TABLE catalog.product IN ROW EXCLUSIVE MODE")
        with Migrator(fresh_db, root=root_with_new_migration) as m:
            with pytest.raises(migrate.MigrationError) as err:
                m.apply()
    assert (err.value.sqlstate, err.value.line) == ("55P03", None)
    assert str(err.value).startswith(
        "migrations/9000_load_note.sql: canceling statement due to lock timeout [55P03]")


def test_a_bad_migrate_lock_timeout_is_one_clear_line(fresh_db, monkeypatch):
    monkeypatch.setenv("STOCKDB_MIGRATE_LOCK_TIMEOUT", "soon")
    with Migrator(fresh_db) as m, pytest.raises(StockdbError) as err:
        m.apply()
    assert "STOCKDB_MIGRATE_LOCK_TIMEOUT='soon'" in str(err.value)
