"""stockdb migrate: order, one transaction, file:line errors, the lock, round trips."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

import psycopg
import pytest
from helpers import DEFAULT_TENANT, copy_tree, run_cli
from psycopg import sql

from stockdb import PROJECT_ROOT
from stockdb.errors import StockdbError
from stockdb.migrate import MIGRATE_LOCK_KEY, MigrationError, Migrator, repeatable_files
from stockdb.schema import SNAPSHOT, schema_dump

STOCKDB_SCHEMAS = {"api", "auth", "catalog", "inventory", "ops", "report", "partman"}


def schemas(url: str) -> set[str]:
    with psycopg.connect(url) as c:
        rows = c.execute("SELECT nspname FROM pg_namespace").fetchall()
    return {r[0] for r in rows}


def migration_ids() -> list[str]:
    with_rollback = sorted(Path("migrations").glob("*.rollback.sql"))
    return [p.name.removesuffix(".rollback.sql") for p in with_rollback]


@pytest.fixture
def scratch_root(tmp_path: Path) -> Path:
    """A copy of the project's SQL to break on purpose."""
    copy_tree(tmp_path, "migrations", "functions", "triggers", "sql")
    return tmp_path


def test_fresh_database_gets_every_migration_and_repeatable_file(empty_db):
    with Migrator(empty_db) as m:
        plan = m.apply()
    assert plan.migrations == migration_ids()
    assert len(plan.repeatables) == len(repeatable_files()) > 0
    assert STOCKDB_SCHEMAS <= schemas(empty_db)
    with psycopg.connect(empty_db) as c:
        recorded = c.execute("SELECT count(*) FROM ops.repeatable_file").fetchone()[0]
        mig = c.execute("SELECT migration_id FROM ops.migration_file ORDER BY 1").fetchall()
    assert recorded == len(repeatable_files())
    assert [r[0] for r in mig] == migration_ids()


def test_second_run_has_nothing_to_do(empty_db):
    with Migrator(empty_db) as m:
        m.apply()
        again = m.apply()
    assert again.migrations == [] and again.repeatables == []


def test_changed_repeatable_file_is_applied_again(empty_db, scratch_root):
    with Migrator(empty_db, root=scratch_root) as m:
        m.apply()
    target = scratch_root / "functions" / "api" / "set_context.sql"
    target.write_text(target.read_text() + "\n-- touched\n")
    with Migrator(empty_db, root=scratch_root) as m:
        plan = m.apply()
    assert plan.migrations == []
    # Ownership, grants and row security are derived from the catalogue and
    # follow any change.
    assert plan.repeatables == [
        "functions/api/set_context.sql",
        "sql/roles.sql",
        "sql/policies/partner_orders.sql",
        "sql/policies/tenant_isolation.sql",
    ]


@pytest.fixture
def fresh_dump(databases) -> str:
    """The schema of a database migrated in one go, to compare others with."""
    name = databases.create()
    try:
        with Migrator(databases.url(name)) as m:
            m.apply()
        return schema_dump(databases.url(name))
    finally:
        databases.drop(name)


def test_a_routine_or_view_dropped_by_hand_is_made_again(fresh_db):
    """A repeatable file's checksum cannot tell that what it made is gone: the
    catalogue is asked for each routine and view it declares."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("DROP FUNCTION api.stock_level(uuid, uuid)")
        conn.execute("DROP VIEW report.inventory_turnover")
    with Migrator(fresh_db) as m:
        before = {r["path"]: r for r in m.status()["repeatables"]}
        plan = m.apply()
        after = m.status()["repeatables"]
    assert before["functions/api/stock_level.sql"] == {
        "path": "functions/api/stock_level.sql", "state": "dropped",
        "dropped": ["api.stock_level"]}
    assert before["sql/views/report/inventory_turnover.sql"]["state"] == "dropped"
    assert {"functions/api/stock_level.sql", "sql/views/report/inventory_turnover.sql"} <= set(
        plan.repeatables)
    assert all(r["state"] == "current" for r in after)
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute(
            "SELECT to_regprocedure('api.stock_level(uuid, uuid)') IS NOT NULL "
            "AND to_regclass('report.inventory_turnover') IS NOT NULL").fetchone()[0]


def test_round_trip_apply_rollback_apply_ends_like_a_fresh_database(empty_db, fresh_dump):
    with Migrator(empty_db) as m:
        m.apply()
        rolled = m.rollback(steps=0)
        assert rolled.rolled_back == list(reversed(migration_ids()))
        assert not (STOCKDB_SCHEMAS & schemas(empty_db))
        m.apply()
    assert schema_dump(empty_db) == fresh_dump


# What a DBA may have set for the database. The migrations' literals must read
# as written: with standard_conforming_strings off, 0002's CHECK on a password
# hash, '^\$2[aby]\$', would be '^$2[aby]$', which no hash passes.
OPERATOR_SETTINGS = {"standard_conforming_strings": "off", "DateStyle": "SQL, DMY",
                     "IntervalStyle": "sql_standard", "client_encoding": "LATIN1",
                     "search_path": "nowhere"}


def test_migrating_under_an_operators_settings_makes_the_same_schema(empty_db, fresh_dump):
    with psycopg.connect(empty_db, autocommit=True) as c:
        for name, value in OPERATOR_SETTINGS.items():
            c.execute(sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                sql.Identifier(c.info.dbname), sql.Identifier(name), sql.Literal(value)))
    with Migrator(empty_db) as m:
        m.apply()
    assert schema_dump(empty_db) == fresh_dump


def test_step_by_step_ends_like_a_fresh_database(empty_db, fresh_dump):
    ids = migration_ids()
    with Migrator(empty_db) as m:
        for migration_id in ids:
            plan = m.apply(target=migration_id, repeatables=migration_id == ids[-1])
            assert plan.migrations == [migration_id]
    assert schema_dump(empty_db) == fresh_dump


def test_database_of_the_first_release_upgrades_to_the_current_schema(
    empty_db, fresh_dump, tmp_path
):
    first = tmp_path / "first"
    (first / "migrations").mkdir(parents=True)
    (first / "functions" / "api").mkdir(parents=True)
    for name in ("0001_foundation.sql", "0001_foundation.rollback.sql"):
        shutil.copy(PROJECT_ROOT / "migrations" / name, first / "migrations" / name)
    shutil.copy(
        PROJECT_ROOT / "functions" / "api" / "set_context.sql",
        first / "functions" / "api" / "set_context.sql",
    )
    with Migrator(empty_db, root=first) as m:
        assert m.apply().migrations == ["0001_foundation"]
    with Migrator(empty_db) as m:
        plan = m.apply()
    assert plan.migrations == migration_ids()[1:]
    assert schema_dump(empty_db) == fresh_dump


def test_dry_run_reports_and_changes_nothing(empty_db):
    before = schemas(empty_db)
    with Migrator(empty_db) as m:
        plan = m.apply(dry_run=True)
    assert plan.migrations == migration_ids()
    assert schemas(empty_db) == before


def test_failing_repeatable_file_rolls_everything_back_and_names_file_and_line(
    empty_db, scratch_root
):
    broken = scratch_root / "functions" / "api" / "zz_broken.sql"
    broken.write_text(
        "-- a file with a mistake on line 5\n"
        "CREATE OR REPLACE FUNCTION api.fine() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
        "\n"
        "SELECT 1\n"
        "FROM no_such_table;\n"
    )
    before = schemas(empty_db)
    with Migrator(empty_db, root=scratch_root) as m, pytest.raises(MigrationError) as err:
        m.apply()
    assert err.value.path.endswith("functions/api/zz_broken.sql")
    assert err.value.line == 5
    assert err.value.sqlstate == "42P01"
    assert str(err.value).startswith(f"{err.value.path}:5: relation \"no_such_table\"")
    assert schemas(empty_db) == before, "the migrations before the failing file were kept"


def test_failing_migration_statement_is_named_by_its_first_line(empty_db, scratch_root):
    (scratch_root / "migrations" / "9999_broken.sql").write_text(
        "-- depends: 0001_foundation\n"
        "CREATE TABLE ops.fine (id int);\n"
        "\n"
        "INSERT INTO auth.tenant (code, name)\n"
        "VALUES ('default', 'a second default');\n"
    )
    (scratch_root / "migrations" / "9999_broken.rollback.sql").write_text(
        "DROP TABLE ops.fine;\n"
    )
    with Migrator(empty_db, root=scratch_root) as m, pytest.raises(MigrationError) as err:
        m.apply()
    assert err.value.path.endswith("migrations/9999_broken.sql")
    assert (err.value.line, err.value.sqlstate) == (4, "23505")
    assert "ops" not in schemas(empty_db)


def test_migration_without_rollback_file_is_refused(empty_db, scratch_root):
    (scratch_root / "migrations" / "9998_lonely.sql").write_text("SELECT 1;\n")
    with Migrator(empty_db, root=scratch_root) as m, pytest.raises(StockdbError) as err:
        m.apply()
    assert "9998_lonely.sql has no rollback file 9998_lonely.rollback.sql" in str(err.value)
    assert "ops" not in schemas(empty_db)


def test_second_migrate_waits_for_the_first_on_the_advisory_lock(empty_db):
    with psycopg.connect(empty_db, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", [MIGRATE_LOCK_KEY])
        result: dict = {}

        def run() -> None:
            with Migrator(empty_db) as m:
                result["plan"] = m.apply()

        worker = threading.Thread(target=run)
        worker.start()
        deadline = time.monotonic() + 10
        waiting = False
        while time.monotonic() < deadline and not waiting:
            waiting = holder.execute(
                "SELECT count(*) = 1 FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event = 'advisory'"
            ).fetchone()[0]
            time.sleep(0.05)
        assert waiting, "migrate did not wait on the advisory lock"
        assert "ops" not in schemas(empty_db), "migrate applied while the lock was held"
        holder.execute("SELECT pg_advisory_unlock(%s)", [MIGRATE_LOCK_KEY])
        worker.join(timeout=60)
    assert result["plan"].migrations == migration_ids()


def test_two_concurrent_migrates_apply_each_migration_once(empty_db):
    plans: list = []
    errors: list = []

    def run() -> None:
        try:
            with Migrator(empty_db) as m:
                plans.append(m.apply())
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    workers = [threading.Thread(target=run) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert errors == []
    applied = sorted(len(p.migrations) for p in plans)
    assert applied == [0, len(migration_ids())]
    with psycopg.connect(empty_db) as c:
        assert c.execute("SELECT count(*) FROM _yoyo_migration").fetchone()[0] == len(
            migration_ids()
        )


def test_two_databases_of_one_cluster_apply_grants_at_once(fresh_db, databases, template_db):
    """Roles are the whole cluster's. A migrate that holds ops.apply_grants'
    changes uncommitted must not hold up (nor, once it commits, fail) the
    migrate of another database: only roles without their attributes are
    altered."""
    name = databases.create(template=template_db)
    other = databases.url(name)
    try:
        with psycopg.connect(fresh_db) as first, psycopg.connect(other) as second:
            first.execute("SELECT ops.apply_grants()")
            second.execute("SET lock_timeout = '3s'")
            second.execute("SELECT ops.apply_grants()")
            second.commit()
            first.commit()
            # And a role that lost an attribute gets it back.
            first.execute("ALTER ROLE stockdb_maintenance NOBYPASSRLS")
            first.execute("SELECT ops.apply_grants()")
            assert first.execute(
                "SELECT rolbypassrls FROM pg_roles WHERE rolname = 'stockdb_maintenance'"
            ).fetchone()[0] is True
            first.commit()
    finally:
        databases.drop(name)


def test_pg_cron_is_created_only_in_the_cron_database(databases, template_db, cluster_lock):
    with psycopg.connect(databases.url(template_db)) as c:
        assert c.execute(
            "SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'"
        ).fetchone()[0] == 0
    if os.environ.get("DATABASE_URL"):
        # The cron database of someone else's server is theirs: leave it alone.
        return
    with psycopg.connect(databases.admin_url) as c:
        cron_db = c.execute("SHOW cron.database_name").fetchone()[0]
    databases.drop(cron_db)
    databases.create(name=cron_db)
    try:
        with Migrator(databases.url(cron_db)) as m:
            m.apply()
        with psycopg.connect(databases.url(cron_db)) as c:
            assert c.execute(
                "SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'"
            ).fetchone()[0] == 1
    finally:
        databases.drop(cron_db)


# -- through the CLI ------------------------------------------------------------


def test_cli_migrate_status_dry_run_apply_and_rollback(empty_db):
    env = {"DATABASE_URL": empty_db}
    status = run_cli("migrate", "status", "--json", env=env)
    assert status.returncode == 0, status.stderr
    assert '"state": "pending"' in status.stdout

    dry = run_cli("migrate", "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert "dry run: everything was rolled back" in dry.stdout
    assert "ops" not in schemas(empty_db)

    applied = run_cli("migrate", env=env)
    assert applied.returncode == 0, applied.stderr
    assert f"applied {len(migration_ids())} migration(s)" in applied.stdout

    again = run_cli("migrate", env=env)
    assert "nothing to do" in again.stdout

    # It drops what the migrations made, with its data: not without --yes.
    for steps in ("1", "0"):
        refused = run_cli("migrate", "rollback", "--steps", steps, env=env)
        assert refused.returncode == 1
        assert refused.stderr.strip().splitlines() == [
            "stockdb: not confirmed; nothing rolled back (use --yes to skip the question)"]
        assert "nothing to do" in run_cli("migrate", env=env).stdout
    dry = run_cli("migrate", "rollback", "--steps", "0", "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert "would roll back: " in dry.stdout
    assert "nothing to do" in run_cli("migrate", env=env).stdout

    rolled = run_cli("migrate", "rollback", "--steps", "1", "--yes", env=env)
    assert rolled.returncode == 0, rolled.stderr
    assert f"rolled back: {migration_ids()[-1]}" in rolled.stdout


def test_rolling_back_the_sheet_key_refuses_two_applied_sheets_of_one_file(fresh_db):
    """0054 lets two sheets of one file be applied as one kind; the key it replaces
    cannot hold them, so its rollback says so and changes nothing."""
    ids = migration_ids()
    steps = str(len(ids) - ids.index("0054_import_batch_sheet_key"))
    with psycopg.connect(fresh_db) as conn:
        conn.execute(
            "INSERT INTO staging.import_batch (tenant_id, kind, file_name, file_checksum, "
            "sheet_name, columns, mode, status, finished_at) "
            "SELECT %s, 'products', 'catalogue.xlsx', repeat('c', 64), sheet, ARRAY['sku'], "
            "'insert', 'applied', now() FROM unnest(ARRAY['tools', 'garden']) AS sheet",
            [DEFAULT_TENANT],
        )
    rolled = run_cli("migrate", "rollback", "--steps", steps, "--yes",
                     env={"DATABASE_URL": fresh_db})
    assert rolled.returncode == 1
    assert "Traceback" not in rolled.stderr
    assert (
        "stockdb: migrations/0054_import_batch_sheet_key.rollback.sql:7: cannot roll back 0054: "
        "2 sheets of catalogue.xlsx are applied as products [23505]\n"
    ) in rolled.stderr, rolled.stderr
    status = run_cli("migrate", "status", "--json", env={"DATABASE_URL": fresh_db})
    assert '"state": "pending"' not in status.stdout, "every migration is still applied"


@pytest.mark.parametrize("encoding", ["SQL_ASCII", "LATIN1"])
def test_a_database_not_in_utf8_is_refused_before_anything_is_applied(databases, encoding):
    name = f"{databases.prefix}_{encoding.lower()}"
    databases.drop(name)
    databases._admin(sql.SQL(
        "CREATE DATABASE {} ENCODING {} LOCALE 'C' TEMPLATE template0"
    ).format(sql.Identifier(name), sql.Literal(encoding)))
    try:
        result = run_cli("migrate", env={"DATABASE_URL": databases.url(name)})
        assert (result.returncode, result.stdout, result.stderr) == (
            1, "", f"stockdb: database {name} is encoded in {encoding}, and stockdb needs UTF8:"
            f" make it with CREATE DATABASE {name} ENCODING 'UTF8' LOCALE 'C.UTF-8'"
            " TEMPLATE template0\n")
        assert not (STOCKDB_SCHEMAS & schemas(databases.url(name)))
        with psycopg.connect(databases.url(name)) as c:
            assert c.execute("SELECT to_regclass('_yoyo_migration')").fetchone()[0] is None
    finally:
        databases.drop(name)


def test_a_database_whose_transactions_start_read_only_is_refused_saying_why(empty_db):
    """yoyo swallowed the read-only transaction's refusal to make its tables: migrate
    said 'relation "yoyo_lock" does not exist'."""
    with psycopg.connect(empty_db, autocommit=True) as c:
        name, role = c.info.dbname, c.info.user
        c.execute(sql.SQL("ALTER ROLE {} IN DATABASE {} SET default_transaction_read_only = on")
                  .format(sql.Identifier(role), sql.Identifier(name)))
    try:
        why = (f"database {name} starts its transactions read-only (default_transaction_read_only"
               f" is on, set by ALTER ROLE {role} IN DATABASE {name} SET)")
        for argv, expected in ((["migrate"], f"{why}, and migrations write: nothing was changed"),
                               (["migrate", "status"],
                                f"cannot set up yoyo's bookkeeping tables: {why}")):
            result = run_cli(*argv, env={"DATABASE_URL": empty_db})
            assert (result.returncode, result.stdout, result.stderr) == (
                1, "", f"stockdb: {expected}\n")
        with psycopg.connect(empty_db) as c:
            assert c.execute("SELECT to_regclass('_yoyo_migration')").fetchone()[0] is None
        assert not (STOCKDB_SCHEMAS & schemas(empty_db))
    finally:
        with psycopg.connect(empty_db, autocommit=True) as c:
            c.execute("SET default_transaction_read_only = off")
            c.execute(sql.SQL("ALTER ROLE {} IN DATABASE {} RESET default_transaction_read_only")
                      .format(sql.Identifier(role), sql.Identifier(name)))


def test_an_older_checkout_changes_nothing_in_a_database_a_newer_one_migrated(
    fresh_db, scratch_root
):
    """A checkout without the database's newest migration (an application's
    deploy rolled back to the release before, which runs stockdb migrate as it
    starts) wrote its own repeatable files over the newer ones: functions and
    views written for the schema before, on the schema after. Seen by hand:
    a checkout at 0066 applied 17 files to a database at 0068 and said
    'applied 0 migration(s), 17 repeatable file(s)'. Its rollback would have
    rolled back 0066 under 0067 and 0068. Each is refused now, changing
    nothing; status still reads the database."""
    newest = migration_ids()[-1]
    for path in (scratch_root / "migrations").glob(f"{newest}.*"):
        path.unlink()
    older = scratch_root / "functions" / "api" / "set_context.sql"
    older.write_text(older.read_text() + "\n-- as the release before wrote it\n")

    def recorded() -> tuple:
        with psycopg.connect(fresh_db) as c:
            return (c.execute("SELECT array_agg(migration_id ORDER BY migration_id)"
                              " FROM _yoyo_migration").fetchone()[0],
                    c.execute("SELECT array_agg((path, checksum, applied_at) ORDER BY path)::text"
                              " FROM ops.repeatable_file").fetchone()[0],
                    schema_dump(fresh_db))

    before = recorded()
    env = {"DATABASE_URL": fresh_db, "STOCKDB_PROJECT_ROOT": str(scratch_root)}
    name = psycopg.conninfo.conninfo_to_dict(fresh_db)["dbname"]
    refusal = (f"stockdb: database {name} was migrated by a newer stockdb: 1 migration(s) this "
               f"checkout does not have ({newest}); nothing was changed: run that stockdb's "
               "migrate, or this one from a checkout that has them\n")
    for argv in (["migrate"], ["migrate", "--dry-run"],
                 ["migrate", "rollback", "--yes"], ["migrate", "rollback", "--dry-run"]):
        result = run_cli(*argv, env=env)
        assert (result.returncode, result.stdout, result.stderr) == (1, "", refusal), argv
    result = run_cli("migrate", "--json", env=env)
    assert (result.returncode, result.stdout) == (1, "")
    assert json.loads(result.stderr) == {"error": refusal.removeprefix("stockdb: ").strip()}
    assert recorded() == before
    status = run_cli("migrate", "status", env=env)
    assert status.returncode == 0, status.stderr
    assert f"applied, not in this checkout: {newest}" in status.stdout


# A command of each group that reads or writes the schema stockdb's migrations make.
SCHEMA_COMMANDS = (
    ("tenant", "list"), ("user", "list"), ("report", "list"), ("report", "show", "products"),
    ("import", "list"), ("import", "run", "products", "missing.xlsx"),
    ("maintenance", "list"), ("relay", "status"),
)


def test_a_command_on_a_database_without_this_stockdbs_migrations_says_to_migrate(
    empty_db, fresh_db, scratch_root
):
    """Before its migrations (a new database, a new checkout not yet migrated) a
    command ended in the SQL it met: 'relation "auth.tenant" does not exist
    [42P01]', 'schema "api" does not exist [3F000]'; report list listed nothing
    and exited 0, and report show said 'no report 'products''. A database a
    newer stockdb migrated is used, with a warning."""
    name = psycopg.conninfo.conninfo_to_dict(empty_db)["dbname"]
    for argv in SCHEMA_COMMANDS:
        result = run_cli(*argv, env={"DATABASE_URL": empty_db})
        assert (result.returncode, result.stdout, result.stderr) == (
            1, "", f"stockdb: database {name} has none of stockdb's migrations: run stockdb "
                   "migrate against it first\n"), argv

    (scratch_root / "migrations" / "9999_next.sql").write_text("SELECT 1;\n")
    (scratch_root / "migrations" / "9999_next.rollback.sql").write_text("SELECT 1;\n")
    name = psycopg.conninfo.conninfo_to_dict(fresh_db)["dbname"]
    env = {"DATABASE_URL": fresh_db, "STOCKDB_PROJECT_ROOT": str(scratch_root)}
    for argv in SCHEMA_COMMANDS:
        result = run_cli(*argv, env=env)
        assert (result.returncode, result.stdout, result.stderr) == (
            1, "", f"stockdb: database {name} lacks 1 migration(s) of this stockdb (9999_next): "
                   "run stockdb migrate against it first, or use the stockdb that migrated "
                   "it\n"), argv

    with psycopg.connect(fresh_db) as c:
        c.execute("INSERT INTO _yoyo_migration (migration_hash, migration_id, applied_at_utc) "
                  "VALUES (repeat('f', 64), '9999_next', now())")
    (scratch_root / "migrations" / "9999_next.sql").unlink()
    (scratch_root / "migrations" / "9999_next.rollback.sql").unlink()
    listed = run_cli("tenant", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("default ")
    assert listed.stderr == (
        f"stockdb: warning: database {name} was migrated by a newer stockdb: 1 migration(s) "
        "this checkout does not have (9999_next); its commands know that schema\n")


def test_cli_reports_a_failing_file_in_one_line_without_traceback(empty_db, scratch_root):
    (scratch_root / "functions" / "api" / "zz_broken.sql").write_text("SELEC 1;\n")
    result = run_cli(
        "migrate", env={"DATABASE_URL": empty_db, "STOCKDB_PROJECT_ROOT": str(scratch_root)}
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "functions/api/zz_broken.sql:1: syntax error at or near \"SELEC\" [42601]" in (
        result.stderr
    )
    assert "ops" not in schemas(empty_db)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url at all", "DATABASE_URL is not a valid PostgreSQL URL"),
        ("postgresql://nobody@127.0.0.1:1/none", "cannot connect to PostgreSQL"),
    ],
)
def test_cli_bad_database_url_is_one_clear_line(url, expected):
    result = run_cli("migrate", "status", env={"DATABASE_URL": url})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()  # not stripped: a blank line after it counts
    assert len(lines) == 1 and expected in lines[0], result.stderr


def test_schema_snapshot_is_current(empty_db):
    with Migrator(empty_db) as m:
        m.apply()
    assert SNAPSHOT.exists(), "schema/schema.sql is missing: run `make schema`"
    assert schema_dump(empty_db, owners=False) == SNAPSHOT.read_text(), (
        "schema/schema.sql is stale: run `make schema` and commit the result"
    )
