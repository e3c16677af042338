"""Backups: create, verify by restoring, list, prune, restore, and the bad cases."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from helpers import STOCKDB, kill_cli_at, ownership_breaks, run_cli, stock_some

from stockdb import backup as b
from stockdb.cluster import pg_tool, tool_environment
from stockdb.db import with_dbname
from stockdb.errors import StockdbError
from stockdb.migrate import Migrator

USER = "00000000-0000-7000-8000-000000000002"


def cli(url: str, *args: str, env_language: str | None = None):
    language = {"LANGUAGE": env_language} if env_language else {}
    return run_cli("backup", *args, env={"DATABASE_URL": url, **language})


def one_line_error(ran) -> str:
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "Traceback" not in ran.stderr
    lines = [x for x in ran.stderr.splitlines() if not x.startswith("  ")]
    assert len(lines) == 1, ran.stderr
    return lines[0]


@pytest.fixture
def backed_up(fresh_db: str, tmp_path: Path) -> tuple[str, Path, dict]:
    stock_some(fresh_db)
    manifest = b.create(fresh_db, tmp_path, label="Before Go-Live")
    return fresh_db, tmp_path, manifest


def test_create_writes_a_dump_and_a_manifest_of_counts_and_checksums(backed_up):
    url, directory, manifest = backed_up
    assert manifest["id"].endswith("Z-before-go-live")
    root = directory / manifest["id"]
    assert (root / "dump" / "toc.dat").is_file()
    on_disk = json.loads((root / "manifest.json").read_text())
    assert on_disk["files"] == manifest["files"] and "dump/toc.dat" in on_disk["files"]
    with psycopg.connect(url) as conn:
        applied = conn.execute(
            "SELECT migration_id FROM ops.migration_file ORDER BY 1 DESC LIMIT 1"
        ).fetchone()[0]
        recorded = conn.execute(
            "SELECT status, size_bytes, schema_version FROM ops.backup WHERE id = %s",
            [manifest["id"]],
        ).fetchone()
    assert manifest["schema_version"] == applied and manifest["pending_migrations"] == []
    assert manifest["tables"]["catalog.product"]["rows"] == 3
    assert manifest["tables"]["inventory.stock_movement"]["rows"] == 3
    assert manifest["postgresql_version"].startswith("15.")
    assert recorded == ("ok", manifest["size_bytes"], applied)
    assert [p.name for p in directory.iterdir()] == [manifest["id"]], "no partial left over"


def test_verify_restores_and_finds_every_table_as_recorded(backed_up):
    url, directory, manifest = backed_up
    started = int(time.time())
    ran = cli(url, "verify", manifest["id"], "--dir", str(directory))
    assert ran.returncode == 0, ran.stderr
    assert f"backup {manifest['id']} verified: {len(manifest['tables'])} tables" in ran.stdout
    assert "integrity check clean" in ran.stdout
    _, on_disk = b.load(directory, manifest["id"])
    assert on_disk["verification"]["ok"] is True
    assert on_disk["verification"]["integrity_findings"] == 0
    with psycopg.connect(url) as conn:
        status = conn.execute(
            "SELECT verify_status FROM ops.backup WHERE id = %s", [manifest["id"]]
        ).fetchone()[0]
        scratch = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'stockdb\\_verify\\_%'"
        ).fetchall()
    assert status == "ok"
    # Named stockdb_verify_<pid>_<time>: a test on another xdist worker may be
    # verifying right now, in a process that is still alive; and one a run
    # before this left in a kept test cluster is not this verify's.
    leftovers = [name for (name,) in scratch
                 if int(name.split("_")[3]) >= started
                 and not Path(f"/proc/{name.split('_')[2]}").exists()]
    assert leftovers == [], "the scratch database is dropped"

    listed = cli(url, "list", "--dir", str(directory), "--json")
    assert listed.returncode == 0, listed.stderr
    (row,) = json.loads(listed.stdout)
    assert {"id", "created_at", "size_bytes", "verified", "status"} <= row.keys()
    assert (row["id"], row["verified"], row["status"]) == (manifest["id"], True, "verified")
    assert row["size_bytes"] == manifest["size_bytes"]


def test_a_verify_or_restore_drops_what_a_killed_one_left_and_not_what_a_live_one_uses(
    backed_up, databases
):
    """A verify or restore killed outright (SIGKILL, the out-of-memory killer, the machine
    down) could not drop its scratch or incoming database: a whole copy each, which
    nothing ever dropped. One held by a live verify or restore stays."""
    url, directory, manifest = backed_up
    dead = ["stockdb_verify_1_1", "stockdb_copy__restoring_20261201020000"]
    live = "stockdb_verify_2_2"
    admin = databases.admin_url
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in [*dead, live, "sales__restoring_x"]:
            conn.execute(f"CREATE DATABASE {name}")
    holder = psycopg.connect(admin, autocommit=True)
    try:
        holder.execute(f"SELECT pg_advisory_lock(({b.SCRATCH_LOCK}))", [live])
        ran = cli(url, "verify", manifest["id"], "--dir", str(directory))
        assert ran.returncode == 0, ran.stderr
        for name in dead:
            assert f"dropping {name}, left by a verify or restore that was killed" in ran.stderr
        with psycopg.connect(admin) as conn:
            left = {r[0] for r in conn.execute(
                "SELECT datname FROM pg_database WHERE datname = ANY(%s)",
                [[*dead, live, "sales__restoring_x"]]).fetchall()}
        assert left == {live, "sales__restoring_x"}, "held, or not named as stockdb names them"
    finally:
        holder.close()
        for name in [*dead, live, "sales__restoring_x"]:
            databases.drop(name)


def test_a_backup_killed_outright_counts_as_failed_and_a_running_one_does_not(backed_up):
    """Killed outright (SIGKILL, the out-of-memory killer), a backup stayed recorded as
    running for good, and ops.backup_health, which stockdb check and maintenance status
    judge, counted no failure: the check stayed ok while the backups died."""
    url, directory, _manifest = backed_up

    def failed_since() -> int:
        with psycopg.connect(url) as conn:
            return conn.execute("SELECT failed_since FROM ops.backup_health").fetchone()[0]

    seen: list[int] = []
    b.create(url, directory, progress=lambda said: said.startswith("counting rows")
             and seen.append(failed_since()))
    assert seen == [0], "a backup under way is no failure"
    kill_cli_at("counting rows", "backup", "create", "--dir", str(directory),
                env={"DATABASE_URL": url})
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM ops.backup WHERE status = 'running'"
                            ).fetchone()[0] == 1
    assert failed_since() == 1
    checked = run_cli("check", "--json", env={"DATABASE_URL": url})
    (backup,) = [c for c in json.loads(checked.stdout)["checks"] if c["check_name"] == "backup"]
    assert backup["status"] == "warning" and "1 failed since" in backup["detail"], backup


def test_verifying_a_backup_renamed_aside_records_it_against_its_own_row(backed_up):
    """The database's row is the backup's first id. Verified under a new
    directory name, the result went to a row of that name, which there is not,
    and `stockdb check` kept asking for a verify of the old name, which no
    longer exists."""
    url, directory, manifest = backed_up
    (directory / manifest["id"]).rename(directory / "kept-aside")
    ran = cli(url, "verify", "kept-aside", "--dir", str(directory))
    assert ran.returncode == 0, ran.stderr
    with psycopg.connect(url) as conn:
        status = conn.execute(
            "SELECT verify_status FROM ops.backup WHERE id = %s", [manifest["id"]]
        ).fetchone()[0]
    assert status == "ok"


def test_verify_fails_on_a_corrupted_dump_file_and_names_it(backed_up):
    url, directory, manifest = backed_up
    root = directory / manifest["id"]
    victim = max((root / "dump").glob("*.dat.gz"), key=lambda p: p.stat().st_size)
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    ran = cli(url, "verify", manifest["id"], "--dir", str(directory))
    line = one_line_error(ran)
    assert line.startswith(f"stockdb: backup {manifest['id']} failed verification: dump/")
    assert victim.name in line and "corrupted" in line
    assert b.list_backups(directory)[0]["status"] == "verify_failed"


def test_verify_fails_when_the_restore_differs_from_the_manifest(backed_up):
    url, directory, manifest = backed_up
    path = directory / manifest["id"] / "manifest.json"
    edited = json.loads(path.read_text())
    edited["tables"]["catalog.product"]["rows"] = 4
    edited["tables"]["warehouse.location"]["checksum"] = "1"
    path.write_text(json.dumps(edited))
    result = b.verify(url, directory, manifest["id"])
    assert result["ok"] is False
    assert result["problems"] == [
        "catalog.product: 3 rows restored, 4 backed up",
        "warehouse.location: same 1 rows but their checksum differs",
    ]


def test_a_backup_without_manifest_cannot_be_verified_or_restored(backed_up):
    url, directory, manifest = backed_up
    (directory / manifest["id"] / "manifest.json").unlink()
    for args in (("verify", manifest["id"]), ("restore", manifest["id"], "--target-db", "x")):
        line = one_line_error(cli(url, *args, "--dir", str(directory)))
        assert line == (
            f"stockdb: backup {manifest['id']} has no manifest.json: it is incomplete or not "
            "a stockdb backup, and cannot be verified or restored"
        )
    assert b.list_backups(directory)[0]["status"] == "no_manifest"


def test_restore_into_a_new_database_then_refuse_to_overwrite_without_force(backed_up, databases):
    url, directory, manifest = backed_up
    target = f"restored_{manifest['id'][:15].lower()}"
    try:
        ran = cli(url, "restore", manifest["id"], "--dir", str(directory), "--target-db", target)
        assert ran.returncode == 0, ran.stderr
        restored_url = databases.url(target)
        with psycopg.connect(restored_url) as conn:
            assert conn.execute("SELECT count(*) FROM catalog.product").fetchone()[0] == 3
            assert (
                conn.execute(
                    "SELECT status FROM ops.backup WHERE id = %s", [manifest["id"]]
                ).fetchone()[0]
                == "ok"
            ), "the restored copy knows its backup finished"
            # Restored without owners or privileges, then given them again.
            assert ownership_breaks(conn) == []
            assert conn.execute(
                "SELECT has_function_privilege('stockdb_app', 'api.stock_level(uuid, uuid)', "
                "'EXECUTE') AND NOT has_table_privilege('stockdb_app', 'catalog.product', 'SELECT')"
            ).fetchone()[0]
            conn.execute("DELETE FROM inventory.reservation")  # nothing, but a live session
            conn.execute("UPDATE warehouse.warehouse SET name = 'changed after the restore'")
            conn.commit()

        again = cli(url, "restore", manifest["id"], "--dir", str(directory), "--target-db", target)
        assert one_line_error(again).startswith(f"stockdb: database {target} exists")

        # A damaged backup is refused before anything is touched.
        dump = directory / manifest["id"] / "dump"
        shutil.copy(dump / "toc.dat", directory / "toc.dat.good")
        (dump / "toc.dat").write_bytes(b"garbage")
        refused = cli(
            url,
            "restore",
            manifest["id"],
            "--dir",
            str(directory),
            "--target-db",
            target,
            "--force",
        )
        assert "is damaged, nothing restored: dump/toc.dat" in one_line_error(refused)
        with psycopg.connect(restored_url) as conn:
            assert conn.execute("SELECT name FROM warehouse.warehouse").fetchone()[0] == (
                "changed after the restore"
            ), "the refused restore left the database as it was"
        shutil.copy(directory / "toc.dat.good", dump / "toc.dat")

        forced = cli(
            url,
            "restore",
            manifest["id"],
            "--dir",
            str(directory),
            "--target-db",
            target,
            "--force",
        )
        assert forced.returncode == 0, forced.stderr
        assert "(the old database was replaced)" in forced.stdout
        with psycopg.connect(restored_url) as conn:
            assert conn.execute("SELECT name FROM warehouse.warehouse").fetchone()[0] == "Main"
            names = conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [target + "\\_\\_%"]
            ).fetchall()
        assert names == [], "neither the incoming nor the replaced database is left"
    finally:
        databases.drop(target)


def test_a_restore_whose_privileges_cannot_be_made_leaves_the_old_database(fresh_db, tmp_path):
    """Owners and privileges were derived after the swap: when that failed, the old database
    was already dropped and the new one had none. They are made before it now."""
    stock_some(fresh_db)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CREATE OR REPLACE FUNCTION ops.apply_grants() RETURNS void LANGUAGE plpgsql "
                     "AS $$BEGIN RAISE EXCEPTION 'no grants today'; END$$")
    manifest = b.create(fresh_db, tmp_path)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("UPDATE warehouse.warehouse SET name = 'changed after the backup'")
    name = psycopg.conninfo.conninfo_to_dict(fresh_db)["dbname"]

    ran = cli(fresh_db, "restore", manifest["id"], "--dir", str(tmp_path), "--target-db", name,
              "--force")
    assert one_line_error(ran) == "stockdb: no grants today [P0001]"
    assert_old_database_kept(fresh_db, name)


def assert_old_database_kept(url: str, name: str) -> None:
    """The database a restore would have replaced is there under its name, as it was
    (its warehouse renamed after the backup), and no incoming copy is left."""
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT name FROM warehouse.warehouse").fetchone()[0] == (
            "changed after the backup"), "the old database is still there, as it was"
        left = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                            [name + "\\_\\_%"]).fetchall()
    assert left == [], "the incoming database is dropped"


def test_a_restore_stopped_in_its_swap_leaves_the_old_database_under_its_name(
    fresh_db, tmp_path, monkeypatch
):
    """The old database was renamed aside and the new one given its name in two
    statements, each committed: stopped between them (a SIGTERM, a lost
    connection), the restore left no database of that name, and the new one a
    whole copy under its __restoring_ name."""
    stock_some(fresh_db)
    manifest = b.create(fresh_db, tmp_path)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("UPDATE warehouse.warehouse SET name = 'changed after the backup'")
    name = psycopg.conninfo.conninfo_to_dict(fresh_db)["dbname"]
    execute = psycopg.Connection.execute

    def stopped_after_renaming_aside(conn, query, *args, **kwargs):
        cursor = execute(conn, query, *args, **kwargs)
        text = query if isinstance(query, str) else query.as_string(conn)
        if "RENAME TO" in text and "__replaced_" in text:
            raise KeyboardInterrupt
        return cursor

    monkeypatch.setattr(psycopg.Connection, "execute", stopped_after_renaming_aside)
    with pytest.raises(KeyboardInterrupt):
        b.restore(fresh_db, tmp_path, manifest["id"], name, force=True)
    monkeypatch.undo()
    assert_old_database_kept(fresh_db, name)

    b.restore(fresh_db, tmp_path, manifest["id"], name, force=True)
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT name FROM warehouse.warehouse").fetchone()[0] != (
            "changed after the backup"), "restored on the next try"


def leftover_databases(url: str) -> tuple:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT status, detail, hint FROM ops.check_health() "
                            "WHERE check_name = 'leftover_databases'").fetchone()


def test_the_old_database_a_restore_stopped_after_its_swap_left_is_reported_by_the_check(
    fresh_db, tmp_path, monkeypatch
):
    """Stopped after its swap and before the drop, a restore left the applications' old
    data under <db>__replaced_<time>, a whole database that nothing ever dropped or
    named. ops.check_health names it (and a __restoring_ copy nobody holds); one a
    restore under way holds is no warning."""
    stock_some(fresh_db)
    manifest = b.create(fresh_db, tmp_path)
    name = psycopg.conninfo.conninfo_to_dict(fresh_db)["dbname"]
    assert leftover_databases(fresh_db) == (
        "ok", "no copy of this database left by a restore", None)
    seen_under_way: list[tuple] = []

    def stopped_before_the_drop(admin: str, dropped: str) -> None:
        seen_under_way.append(leftover_databases(fresh_db))
        raise KeyboardInterrupt

    monkeypatch.setattr(b, "drop_database", stopped_before_the_drop)
    with pytest.raises(KeyboardInterrupt):
        b.restore(fresh_db, tmp_path, manifest["id"], name, force=True)
    monkeypatch.undo()
    assert seen_under_way == [("ok", "no copy of this database left by a restore", None)]
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        aside = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                             [name + "\\_\\_replaced\\_%"]).fetchone()[0]
    restoring = f"{name}__restoring_20260101000000"
    try:
        # A verify or restore of another test drops a __restoring_ database that
        # nobody holds: made again if it went before the check read it.
        for _ in range(3):
            with psycopg.connect(fresh_db, autocommit=True) as conn:
                if not conn.execute("SELECT FROM pg_database WHERE datname = %s",
                                    [restoring]).fetchone():
                    conn.execute(f"CREATE DATABASE {restoring}")
            status, detail, hint = leftover_databases(fresh_db)
            if restoring in detail:
                break
        assert status == "warning"
        assert detail.startswith(f"2 database(s) left by a restore that was stopped: {aside} (")
        assert f", {restoring} (" in detail
        assert hint == (
            f"{aside} holds the data the restore replaced: once you need nothing in it, "
            f"DROP DATABASE {aside} WITH (FORCE). The next stockdb backup verify or restore "
            "drops a __restoring_ one.")
        result = run_cli("check", "--skip-integrity", env={"DATABASE_URL": fresh_db})
        assert "warning  leftover_databases" in result.stdout, result.stdout
    finally:
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            for dropped in (aside, restoring):
                conn.execute(f"DROP DATABASE IF EXISTS {dropped} WITH (FORCE)")


@pytest.mark.parametrize("target", ["template1", "template0", "postgres", "a_template"])
def test_a_restore_over_one_of_the_clusters_own_databases_is_refused(backed_up, databases,
                                                                     target):
    """Over template1 the swap left a stockdb database as the template every CREATE DATABASE
    copies (the old one renamed aside, since a template cannot be dropped); over postgres, the
    database it works from, it failed and left a full copy behind."""
    url, directory, manifest = backed_up
    if target == "a_template":
        target = databases.create()
        with psycopg.connect(databases.admin_url, autocommit=True) as conn:
            conn.execute(f"ALTER DATABASE {target} IS_TEMPLATE true")

    def state() -> list[tuple]:
        # Only these: the other workers' tests make and drop databases meanwhile.
        with psycopg.connect(databases.admin_url) as conn:
            return conn.execute(
                "SELECT datname, datistemplate, datallowconn FROM pg_database "
                "WHERE datname = %s OR datname LIKE %s ORDER BY 1", [target, target + "\\_\\_%"]
            ).fetchall()

    before = state()
    try:
        ran = cli(url, "restore", manifest["id"], "--dir", str(directory), "--target-db", target,
                  "--force")
        assert one_line_error(ran) == (
            f"stockdb: --target-db {target} is one of the cluster's own databases (postgres, or "
            "a template every CREATE DATABASE copies): restore into another name")
        assert state() == before, "no database renamed, made or dropped"
    finally:
        if target.startswith("stockdb_test_"):
            with psycopg.connect(databases.admin_url, autocommit=True) as conn:
                conn.execute(f"ALTER DATABASE {target} IS_TEMPLATE false")
            databases.drop(target)


def test_create_into_a_directory_that_cannot_be_written(fresh_db, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    line = one_line_error(cli(fresh_db, "create", "--dir", str(blocker / "backups")))
    assert line.startswith(f"stockdb: backup directory {blocker / 'backups'} is not writable")


def test_create_with_mongo_needs_mongodump_and_a_url(fresh_db, tmp_path):
    ran = run_cli(
        "backup",
        "create",
        "--mongo",
        "--dir",
        str(tmp_path),
        env={"DATABASE_URL": fresh_db, "MONGODB_URL": "", "PATH": "/usr/bin:/bin"},
    )
    assert one_line_error(ran) == "stockdb: --mongo needs mongodump on PATH and MONGODB_URL set"
    assert list(tmp_path.iterdir()) == []


def _recording_popen(monkeypatch) -> list[tuple[list[str], str | None]]:
    """Every child started from now on: its arguments and the PGPASSWORD it was given."""
    seen: list[tuple[list[str], str | None]] = []
    real = subprocess.Popen

    def recording(args, *rest, **kwargs):
        seen.append(([str(a) for a in args], (kwargs.get("env") or {}).get("PGPASSWORD")))
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", recording)
    return seen


def test_no_tool_is_given_the_password_on_its_command_line(fresh_db, tmp_path, monkeypatch):
    """Any user of the machine reads a process's command line (ps, /proc/PID/cmdline) for as
    long as it runs, and pg_dump, pg_restore and the schema's pg_dump were given the whole
    URL there, password and all. They get it in PGPASSWORD now. (The test cluster trusts
    its socket, so the password here is one the server never asks for.)"""
    from psycopg.conninfo import make_conninfo

    from stockdb.schema import schema_dump

    password = "not-on-the-command-line"  # noqa: S105 (a stand-in the server never asks for)
    url = make_conninfo(fresh_db, password=password)
    seen = _recording_popen(monkeypatch)
    made = b.create(url, tmp_path)
    assert b.verify(url, tmp_path, made["id"])["ok"]
    assert "CREATE TABLE" in schema_dump(url)
    connecting = [(args, given) for args, given in seen
                  if any(a.startswith(("--dbname=", "user=")) or a == "-d" for a in args)]
    assert sorted({Path(args[0]).name for args, _ in connecting}) == ["pg_dump", "pg_restore"]
    for args, given in connecting:
        assert not [a for a in args if password in a], args
        assert given == password, args


def test_mongodump_is_given_the_url_in_a_file_only_we_can_read(fresh_db, tmp_path, monkeypatch):
    """mongodump --uri put MONGODB_URL's password on its command line."""
    record = tmp_path / "record"
    record.mkdir()
    tools = tmp_path / "bin"
    tools.mkdir()
    fake = tools / "mongodump"
    fake.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > {record}/args\n'
        'for a in "$@"; do case "$a" in\n'
        f'  --config=*) cp "${{a#--config=}}" {record}/config;'
        f' stat -c %a "${{a#--config=}}" > {record}/mode;;\n'
        '  --out=*) mkdir -p "${a#--out=}" && echo x > "${a#--out=}/x.bson.gz";;\n'
        "esac; done\n"
    )
    fake.chmod(0o755)
    url = "mongodb://stock:s3cret@localhost:27017/stockdb?authSource=admin"
    monkeypatch.setenv("PATH", f"{tools}:{os.environ['PATH']}")
    monkeypatch.setenv("MONGODB_URL", url)
    made = b.create(fresh_db, tmp_path / "backups", mongo=True)
    assert made["mongo"]["tool"] == "mongodump"
    args = (record / "args").read_text()
    assert "s3cret" not in args, args
    assert (record / "config").read_text() == f'uri: "{url}"\n'
    assert (record / "mode").read_text().strip() == "600"
    config = next(a for a in args.splitlines() if a.startswith("--config="))
    assert not Path(config.removeprefix("--config=")).exists(), "the file is gone afterwards"


def test_two_databases_backed_up_into_one_directory_in_one_second(
    fresh_db, databases, template_db, tmp_path, monkeypatch
):
    """Ids are to the second: the second backup took the first's, deleted its half-written
    dump to start its own there, and one of them failed (or wrote among the other's
    files). Now the one that finds its id held takes the next second's."""
    other = databases.url(databases.create(template=template_db))
    stock_some(fresh_db)
    start = b._now()
    real_now = b._now
    seen = threading.local()

    def now():
        # Each backup's first reading, its id's, is the same second; later ones are real.
        if getattr(seen, "started", False):
            return real_now()
        seen.started = True
        return start

    monkeypatch.setattr(b, "_now", now)
    (tmp_path / f".{start:%Y%m%dT%H%M%SZ}.partial").mkdir()  # a dead run's, no one holds it
    manifests, errors = {}, []

    def back_up(url):
        try:
            manifests[url] = b.create(url, tmp_path)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=back_up, args=(url,)) for url in (fresh_db, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    ids = sorted(m["id"] for m in manifests.values())
    assert ids[0] == f"{start:%Y%m%dT%H%M%SZ}" and ids[1] > ids[0], ids
    assert sorted(p.name for p in tmp_path.iterdir()) == ids, "no lock file, no partial left"
    for url, manifest in manifests.items():
        assert b.verify(url, tmp_path, manifest["id"])["ok"], manifest["id"]
    assert [manifests[url]["tables"]["catalog.product"]["rows"] for url in (fresh_db, other)] == [
        3, 0
    ], "each backup holds its own database"


def test_a_failed_create_leaves_nothing_behind(fresh_db, tmp_path):
    holding = threading.Event()
    release = threading.Event()

    def hold_lock():
        with psycopg.connect(fresh_db) as conn:
            conn.execute("LOCK TABLE catalog.product IN ACCESS EXCLUSIVE MODE")
            holding.set()
            release.wait(30)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert holding.wait(10)
        with pytest.raises(
            StockdbError, match="a table stayed locked for 1 s; nothing was written"
        ):
            b.create(fresh_db, tmp_path, lock_wait_seconds=1)
    finally:
        release.set()
        holder.join()
    assert list(tmp_path.iterdir()) == [], "no partial directory, no manifest"
    with psycopg.connect(fresh_db) as conn:
        status, error = conn.execute("SELECT status, error FROM ops.backup").fetchone()
    assert status == "failed" and "locked" in error


def test_a_backup_under_an_operators_language_shows_its_progress_and_pg_dumps_error(
    fresh_db, tmp_path, monkeypatch
):
    # pg_dump speaks German under LANGUAGE=de (Debian ships its translations),
    # and its progress and errors are read from what it writes.
    ran = cli(fresh_db, "create", "--dir", str(tmp_path), env_language="de")
    assert ran.returncode == 0, ran.stderr
    assert "dumped 1/" in ran.stderr, ran.stderr
    monkeypatch.setenv("LANGUAGE", "de")
    missing = with_dbname(fresh_db, "no_such_database")
    with pytest.raises(StockdbError, match='pg_dump: error: .*"no_such_database" does not exist'):
        b._run_pg_dump(missing, tmp_path / "dump", "no-snapshot", 5, 10, lambda _m: None)


def test_the_tools_read_speak_english_and_keep_the_operators_other_locale_settings():
    german = {"PATH": os.environ["PATH"], "LC_ALL": "C.UTF-8", "LANGUAGE": "de"}
    helped = [pg_tool("pg_dump"), "--help"]
    assert "gebe" in subprocess.run(helped, capture_output=True, text=True, env=german).stdout
    english = subprocess.run(helped, capture_output=True, text=True, env=tool_environment(german))
    assert english.stdout.startswith("pg_dump dumps a database"), english.stdout
    # LC_ALL would override LC_MESSAGES: it goes, and every other category keeps its value.
    env = tool_environment({"LC_ALL": "de_DE.UTF-8", "LC_TIME": "fr_FR.UTF-8", "LANG": "x"})
    assert "LC_ALL" not in env and "LANGUAGE" not in env and env["LC_MESSAGES"] == "C"
    assert env["LC_TIME"] == env["LC_CTYPE"] == env["LC_NUMERIC"] == "de_DE.UTF-8"
    assert env["LANG"] == "x"


def test_a_backup_is_on_disk_before_it_is_named_and_named_before_it_is_recorded_ok(
    fresh_db, tmp_path, monkeypatch
):
    """A crash of the machine after 'backup ... ok' could lose the manifest (never
    synced) or the rename into place: the backup could then not be restored."""
    synced: list[tuple[str, str | None]] = []
    fsync = os.fsync

    def recording_fsync(descriptor: int) -> None:
        path = os.readlink(f"/proc/self/fd/{descriptor}")
        status = None
        if path == str(tmp_path):
            with psycopg.connect(fresh_db) as conn:
                status = conn.execute("SELECT string_agg(status, ',') FROM ops.backup"
                                      ).fetchone()[0]
        synced.append((path, status))
        fsync(descriptor)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    manifest = b.create(fresh_db, tmp_path, mongo=False)
    final, partial = tmp_path / manifest["id"], tmp_path / f".{manifest['id']}.partial"
    paths = [path for path, _ in synced]
    held = {str(partial / p.relative_to(final)) for p in final.rglob("*")}
    assert held <= set(paths) and str(partial) in paths, sorted(held - set(paths))
    assert str(partial / "manifest.json.tmp") in paths, "the manifest before its rename"
    # The backup directory, after the rename into it, while the record still says running.
    assert synced[-1] == (str(tmp_path), "running")
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT status FROM ops.backup").fetchone()[0] == "ok"
    synced.clear()
    b.verify(fresh_db, tmp_path, manifest["id"])
    assert [str(final / "manifest.json.tmp"), str(final)] == [
        path for path, _ in synced if path.startswith(str(final))]


def test_backup_of_a_database_with_pending_migrations_says_which_version(empty_db, tmp_path):
    with Migrator(empty_db) as m:
        m.apply(target="0010_status_transition", repeatables=False)
        pending = [x["id"] for x in m.status()["migrations"] if x["state"] == "pending"]
    manifest = b.create(empty_db, tmp_path)
    assert manifest["schema_version"] == "0010_status_transition"
    assert manifest["pending_migrations"] == pending and "0019_backup_record" in pending
    result = b.verify(empty_db, tmp_path, manifest["id"])
    assert result["ok"], result["problems"]
    assert result["integrity_findings"] is None, "no ops.check_integrity at that version"


def test_a_restore_of_an_older_schema_says_what_it_lacks(empty_db, databases, tmp_path):
    """A backup taken before the code was upgraded restores the older schema
    the application's calls then meet, and the restore said only its version."""
    with Migrator(empty_db) as m:
        m.apply(target="0010_status_transition", repeatables=False)
        pending = [x["id"] for x in m.status()["migrations"] if x["state"] == "pending"]
    manifest = b.create(empty_db, tmp_path)
    target = f"restored_old_{os.getpid()}"
    try:
        ran = cli(empty_db, "restore", manifest["id"], "--dir", str(tmp_path), "--target-db",
                  target, "--json")
        assert ran.returncode == 0, ran.stderr
        assert json.loads(ran.stdout)["pending_migrations"] == pending
        ran = cli(empty_db, "restore", manifest["id"], "--dir", str(tmp_path), "--target-db",
                  target, "--force")
        assert ran.returncode == 0, ran.stderr
        assert ran.stdout.splitlines()[1] == (
            f"warning: {target} lacks {len(pending)} migration(s) of this stockdb "
            f"({pending[0]}, …): run stockdb migrate against it")
    finally:
        databases.drop(target)


def test_a_restore_makes_its_database_in_the_backed_up_ones_encoding_and_locale(
        databases, tmp_path):
    """template0 has the cluster's default: the test cluster's is C, as a cluster
    made under a C locale is SQL_ASCII, where a restore of a UTF8 database that
    was made ENCODING 'UTF8' came back in the default (and sorted otherwise)."""
    source, target = f"{databases.prefix}_cutf8", f"restored_cutf8_{os.getpid()}"
    databases.drop(source)
    databases._admin(psycopg.sql.SQL(
        "CREATE DATABASE {} ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0"
    ).format(psycopg.sql.Identifier(source)))
    locale = {"encoding": "UTF8", "lc_collate": "C.UTF-8", "lc_ctype": "C.UTF-8",
              "locale_provider": "libc", "icu_locale": None}
    url = databases.url(source)
    try:
        with Migrator(url) as m:
            m.apply(target="0010_status_transition", repeatables=False)
        manifest = b.create(url, tmp_path)
        assert manifest["locale"] == locale
        ran = cli(url, "restore", manifest["id"], "--dir", str(tmp_path), "--target-db", target)
        assert ran.returncode == 0, ran.stderr
        with psycopg.connect(databases.url(target)) as conn:
            assert conn.execute(
                "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database"
                " WHERE datname = current_database()").fetchone() == ("UTF8", "C.UTF-8", "C.UTF-8")
        assert b.verify(url, tmp_path, manifest["id"])["ok"]

        # A locale this server lacks: one line, and no database left behind.
        path = tmp_path / manifest["id"] / "manifest.json"
        written = json.loads(path.read_text())
        path.write_text(json.dumps({**written, "locale": {**locale, "lc_collate": "xx_YY.UTF-8"}}))
        refused = cli(url, "restore", manifest["id"], "--dir", str(tmp_path), "--target-db",
                      target, "--force")
        assert one_line_error(refused).startswith(
            "stockdb: this server cannot make a database as the backup's was (encoding UTF8,"
            " lc_collate xx_YY.UTF-8, lc_ctype C.UTF-8, locale_provider libc): ")
        assert refused.stderr.rstrip().endswith("; nothing was restored")
        with psycopg.connect(databases.admin_url) as conn:
            assert conn.execute("SELECT count(*) FROM pg_database WHERE datname LIKE %s",
                                [f"{target}\\_\\_%"]).fetchone()[0] == 0

        # A manifest from before the locale was recorded restores as it did.
        path.write_text(json.dumps({k: v for k, v in written.items() if k != "locale"}))
        ran = cli(url, "restore", manifest["id"], "--dir", str(tmp_path), "--target-db", target,
                  "--force")
        assert ran.returncode == 0, ran.stderr
        with psycopg.connect(databases.url(target)) as conn:
            assert conn.execute("SELECT datcollate FROM pg_database"
                                " WHERE datname = current_database()").fetchone() == ("C",)
    finally:
        databases.drop(target)
        databases.drop(source)


def test_a_directory_whose_name_is_not_utf8_takes_backups(fresh_db, tmp_path):
    """A backup directory named in latin-1 ended backup create in a traceback:
    psycopg could not send its name to ops.backup. The row keeps it with �."""
    directory = tmp_path / os.fsdecode(b"sauvegard\xe9es")
    ran = cli(fresh_db, "create", "--dir", str(directory), "--json")
    assert ran.returncode == 0, ran.stderr
    backup_id = json.loads(ran.stdout)["id"]
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT directory FROM ops.backup WHERE id = %s",
                            [backup_id]).fetchone()[0] == f"{tmp_path}/sauvegard\ufffdes"
    ran = cli(fresh_db, "verify", backup_id, "--dir", str(directory))
    assert ran.returncode == 0, ran.stderr


def test_a_restore_of_a_newer_stockdbs_backup_says_so(fresh_db, databases, tmp_path):
    """A backup taken by a newer stockdb restores a schema this one's commands
    do not know, and the restore said nothing of it."""
    with psycopg.connect(fresh_db) as conn:
        conn.execute("INSERT INTO _yoyo_migration (migration_hash, migration_id, applied_at_utc) "
                     "VALUES (repeat('f', 64), '0999_from_the_future', now())")
    manifest = b.create(fresh_db, tmp_path)
    # The manifest names the database's newest migration, not this checkout's.
    assert manifest["schema_version"] == "0999_from_the_future"
    target = f"restored_newer_{os.getpid()}"
    try:
        ran = cli(fresh_db, "restore", manifest["id"], "--dir", str(tmp_path), "--target-db",
                  target, "--json")
        assert ran.returncode == 0, ran.stderr
        got = json.loads(ran.stdout)
        assert (got["unknown_migrations"], got["pending_migrations"]) == (
            ["0999_from_the_future"], [])
        ran = cli(fresh_db, "restore", manifest["id"], "--dir", str(tmp_path), "--target-db",
                  target, "--force")
        assert ran.returncode == 0, ran.stderr
        assert ran.stdout.splitlines()[1] == (
            f"warning: {target} was migrated by a newer stockdb: 1 migration(s) this one does "
            "not have (0999_from_the_future); run that stockdb's commands against it")
    finally:
        databases.drop(target)


def test_a_backup_verified_before_its_restore_is_verified_in_the_restored_database(
        backed_up, databases):
    """The dump holds its own backup's row as it was mid-backup. The restore
    marked it finished but not verified, so the restored database's check asked
    for a verify of a backup a restore had already verified."""
    url, directory, manifest = backed_up
    assert b.verify(url, directory, manifest["id"])["ok"]
    target = f"restored_verified_{os.getpid()}"
    try:
        b.restore(url, directory, manifest["id"], target)
        with psycopg.connect(databases.url(target)) as conn:
            row = conn.execute(
                "SELECT status, verify_status, verified_at IS NOT NULL FROM ops.backup "
                "WHERE id = %s", [manifest["id"]]).fetchone()
            verdict = conn.execute(
                "SELECT status FROM ops.check_health() WHERE check_name = 'backup'"
            ).fetchone()[0]
        assert row == ("ok", "ok", True)
        assert verdict == "ok"
        assert b.restore(url, directory, manifest["id"], target, force=True)[
            "pending_migrations"] == []
    finally:
        databases.drop(target)


def fake_backups(directory: Path, ages_days: list[int], verified: set[int],
                 database: str | None = None) -> list[str]:
    """Backups with only a manifest, created `age` days ago."""
    from datetime import UTC, datetime, timedelta

    ids = []
    for age in ages_days:
        when = datetime.now(UTC) - timedelta(days=age)
        backup_id = when.strftime("%Y%m%dT%H%M%SZ")
        (directory / backup_id).mkdir(parents=True)
        manifest = {
            "format_version": 1,
            "id": backup_id,
            "finished_at": when.isoformat(),
            "size_bytes": 1,
            "files": {},
            "verification": {"ok": True} if age in verified else None,
            **({"database": database} if database else {}),
        }
        (directory / backup_id / "manifest.json").write_text(json.dumps(manifest))
        ids.append(backup_id)
    return ids


def test_prune_keeps_recent_ones_a_minimum_and_the_newest_verified(tmp_path):
    ids = dict(
        zip(
            [0, 10, 20, 30, 40, 50, 60, 70],
            fake_backups(tmp_path, [0, 10, 20, 30, 40, 50, 60, 70], verified={50, 70}),
            strict=True,
        )
    )
    dry = b.prune(tmp_path, keep_days=25, keep_min=2, dry_run=True)
    assert len(list(tmp_path.iterdir())) == 8, "a dry run deletes nothing"
    result = b.prune(tmp_path, keep_days=25, keep_min=2)
    assert result["deleted"] == dry["deleted"] == [ids[a] for a in (30, 40, 60, 70)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(ids[a] for a in (0, 10, 20, 50))

    only_old = tmp_path / "old"
    newest, middle, oldest = fake_backups(only_old, [100, 200, 300], verified={300})
    result = b.prune(only_old, keep_days=30, keep_min=1)
    assert result["kept"] == [newest, oldest], "keep-min and the newest verified stay, however old"
    assert result["deleted"] == [middle]


def test_list_and_prune_go_by_the_directory_a_backup_is_in(tmp_path):
    """Every other command takes a backup by its directory, but list and prune
    took the id written in its manifest. A backup renamed aside was listed under
    its old name, and the prune stopped at it ("No such file or directory"). An
    old one whose manifest named a recent backup was listed under that id, and
    the prune deleted the recent backup's directory, which it said it kept."""
    renamed, copied, recent, newest = fake_backups(tmp_path, [60, 50, 1, 0], verified={0})
    (tmp_path / renamed).rename(tmp_path / "renamed-aside")
    manifest = json.loads((tmp_path / copied / "manifest.json").read_text())
    (tmp_path / copied / "manifest.json").write_text(json.dumps({**manifest, "id": recent}))

    listed = json.loads(run_cli("backup", "list", "--dir", str(tmp_path), "--json").stdout)
    assert [x["id"] for x in listed] == [newest, recent, copied, "renamed-aside"]
    result = b.prune(tmp_path, keep_days=30, keep_min=1)
    assert result["deleted"] == [copied, "renamed-aside"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([newest, recent])


def test_prune_clears_what_a_dead_backup_left_and_not_what_a_live_one_writes(tmp_path):
    """A backup killed before it ended left its hidden .<id>.partial directory, and
    nothing ever deleted it. One a running backup holds (its lock) stays."""
    import fcntl

    kept = fake_backups(tmp_path, [0], verified=set())
    dead = tmp_path / ".20261101T020000Z-nightly.partial"
    (dead / "dump").mkdir(parents=True)
    (dead / "dump" / "5604.dat").write_bytes(b"x" * 1000)
    live = tmp_path / ".20261205T020000Z.partial"
    live.mkdir()
    with open(tmp_path / ".20261205T020000Z.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        dry = b.prune(tmp_path, keep_days=30, keep_min=1, dry_run=True)
        assert dead.exists(), "a dry run deletes nothing"
        done = cli_prune(tmp_path)
    assert dry["unfinished"] == ["20261101T020000Z-nightly"]
    assert done.returncode == 0, done.stderr
    assert "deleted the unfinished 20261101T020000Z-nightly (its backup died before it ended)" in (
        done.stdout
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*kept, ".20261205T020000Z.partial", ".20261205T020000Z.lock"]
    ), "the live backup's directory and lock stay"


def test_a_prune_stopped_while_it_deletes_a_backup_leaves_none_that_looks_whole(
    tmp_path, monkeypatch
):
    """rmtree deleted the backup where it was: stopped part way (Ctrl-C, a
    SIGTERM), it left the manifest with part of the dump gone, and `backup list`
    showed that backup as verified. The next prune finishes what was left."""
    newest, old = fake_backups(tmp_path, [0, 60], verified={0, 60})
    (tmp_path / old / "dump").mkdir()
    for n in range(3):
        (tmp_path / old / "dump" / f"{n}.dat").write_bytes(b"x")
    manifest = (tmp_path / old / "manifest.json").read_text()
    removing = shutil.rmtree

    def stopped_part_way(path, *args, **kwargs):
        # The dump goes first, as os.scandir may order it; the manifest stays.
        removing(Path(path) / "dump")
        raise KeyboardInterrupt

    monkeypatch.setattr(b.shutil, "rmtree", stopped_part_way)
    with pytest.raises(KeyboardInterrupt):
        b.prune(tmp_path, keep_days=30, keep_min=1)
    monkeypatch.undo()
    listed = run_cli("backup", "list", "--dir", str(tmp_path), "--json")
    assert [x["id"] for x in json.loads(listed.stdout)] == [newest]

    dry = run_cli("backup", "prune", "--dir", str(tmp_path), "--keep-days", "30",
                  "--keep-min", "1", "--dry-run", "--json")
    assert json.loads(dry.stdout)["half_deleted"] == [old]
    # The same backup copied back meanwhile goes too, where the rest of it lies.
    (tmp_path / old).mkdir()
    (tmp_path / old / "manifest.json").write_text(manifest)
    done = cli_prune(tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"deleted the rest of {old} (a prune was stopped while it deleted it)" in done.stdout
    assert [p.name for p in tmp_path.iterdir()] == [newest]


def test_an_empty_directory_argument_is_a_usage_error_not_the_default(tmp_path):
    """`--dir "$UNSET"` pruned STOCKDB_BACKUP_DIR (or ./backups) as if --dir were left out."""
    fake_backups(tmp_path, [0, 40, 50], verified={0})
    kept = sorted(p.name for p in tmp_path.iterdir())
    env = {"STOCKDB_BACKUP_DIR": str(tmp_path)}
    for argv, option in ((["prune", "--dir", "", "--keep-min", "1"], "--dir"),
                         (["prune", "--wal-archive", ""], "--wal-archive"),
                         (["recover", "x", "--pgdata", "", "--wal-archive", "w"], "--pgdata"),
                         (["recover", "x", "--pgdata", "p", "--wal-archive", ""], "--wal-archive"),
                         (["list", "--dir", ""], "--dir")):
        ran = run_cli("backup", *argv, env=env)
        assert ran.returncode == 2, ran.stdout + ran.stderr
        assert ran.stderr.splitlines()[-1].startswith(
            f"Error: Invalid value for '{option}': is empty: give "), ran.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == kept
    assert cli_prune(tmp_path).returncode == 0 and len(list(tmp_path.iterdir())) == 1


def test_a_damaged_manifest_is_one_line_listed_as_bad_and_never_pruned(tmp_path):
    """Bytes that are not UTF-8, or JSON that is no manifest, ended verify, list and
    prune in a traceback: one damaged backup stopped every later prune."""
    ids = fake_backups(tmp_path, [40, 50, 60, 70], verified=set())
    damaged = {ids[1]: b"\x80\x81 not text", ids[2]: b"[]", ids[3]: b'{"format_version": 1}'}
    for backup_id, content in damaged.items():
        (tmp_path / backup_id / "manifest.json").write_bytes(content)
    why = {ids[1]: "is not valid JSON: ", ids[2]: "is not a stockdb manifest: it holds a list",
           ids[3]: "is not a stockdb manifest: its finished_at, size_bytes or verification"}
    for backup_id in damaged:
        # Refused before the database is reached (none is there to reach).
        ran = run_cli("backup", "verify", backup_id, "--dir", str(tmp_path),
                      env={"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"})
        assert one_line_error(ran).startswith(
            f"stockdb: {tmp_path / backup_id / 'manifest.json'} {why[backup_id]}")
    listed = run_cli("backup", "list", "--dir", str(tmp_path), "--json")
    assert listed.returncode == 0, listed.stderr
    assert {r["id"]: r["status"] for r in json.loads(listed.stdout)} == {
        ids[0]: "complete", **{backup_id: "bad_manifest" for backup_id in damaged}}
    pruned = cli_prune(tmp_path)
    assert pruned.returncode == 0, pruned.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(ids), "the one good one is kept"


def cli_prune(directory: Path):
    return run_cli("backup", "prune", "--dir", str(directory), "--keep-days", "30",
                   "--keep-min", "1")


def segment(n: int) -> str:
    return f"00000001{0:08X}{n:08X}"


def fake_base_backups(directory: Path, starts: dict[int, int]) -> dict[int, str]:
    """Base backups with a manifest and pg_basebackup's backup_label, created
    `age` days ago and starting at WAL segment starts[age]."""
    from datetime import UTC, datetime, timedelta

    ids = {}
    for age, start in starts.items():
        when = datetime.now(UTC) - timedelta(days=age)
        backup_id = when.strftime("%Y%m%dT%H%M%SZ") + "-base"
        (directory / backup_id / "base").mkdir(parents=True)
        manifest = {"format_version": 1, "id": backup_id, "kind": "base",
                    "finished_at": when.isoformat(), "size_bytes": 1, "files": {},
                    "verification": None}
        (directory / backup_id / "manifest.json").write_text(json.dumps(manifest))
        (directory / backup_id / "base" / "backup_label").write_text(
            f"START WAL LOCATION: 0/{start:X}000028 (file {segment(start)})\n"
            f"CHECKPOINT LOCATION: 0/{start:X}000060\nBACKUP METHOD: streamed\n"
        )
        ids[age] = backup_id
    return ids


def fake_archive(directory: Path, last: int) -> Path:
    archive = directory / "wal-archive"
    archive.mkdir()
    for n in range(1, last + 1):
        (archive / segment(n)).write_bytes(b"wal")
    (archive / "00000002.history").write_text("1\t0/9000000\tno recovery target specified\n")
    return archive


def test_prune_with_the_wal_archive_deletes_the_wal_no_kept_base_backup_needs(tmp_path):
    """An archive that nothing pruned grew until it filled its disk, and a full
    archive stops the server's WAL recycling. Recovery starts at a base backup
    and replays from its start on: what is older serves only deleted backups."""
    backups = tmp_path / "backups"
    ids = fake_base_backups(backups, {0: 9, 10: 6, 40: 3, 50: 1})
    (old_dump,) = fake_backups(backups, [45], verified=set())
    archive = fake_archive(tmp_path, 10)
    dry = run_cli("backup", "prune", "--dir", str(backups), "--keep-days", "30", "--keep-min",
                  "2", "--wal-archive", str(archive), "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    planned = json.loads(dry.stdout)
    assert planned["deleted"] == [ids[40], ids[50]], "the one dump is the newest dump"
    assert planned["wal_archive"] == {
        "directory": str(archive), "base_backup": ids[10], "keep_from": segment(6),
        "deleted": [segment(n) for n in range(1, 6)],
    }
    assert len(list(archive.iterdir())) == 11 and len(list(backups.iterdir())) == 5, (
        "a dry run deletes nothing")
    assert old_dump in planned["kept"]

    ran = run_cli("backup", "prune", "--dir", str(backups), "--keep-days", "30", "--keep-min",
                  "2", env={"STOCKDB_WAL_ARCHIVE": str(archive)})
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines()[-1] == (
        f"WAL archive {archive}: 5 segment(s) deleted, kept from {segment(6)} "
        f"(where base backup {ids[10]}, the oldest kept, starts)")
    assert sorted(p.name for p in archive.iterdir()) == sorted(
        ["00000002.history"] + [segment(n) for n in range(6, 11)])
    assert sorted(p.name for p in backups.iterdir()) == sorted([ids[0], ids[10], old_dump])


def test_prune_counts_dumps_and_base_backups_apart(tmp_path):
    """Nightly dumps and a monthly base backup: counted together, the dumps
    filled the newest keep-min, and the prune deleted the only base backup, the
    one start point-in-time recovery had, while the WAL archive kept growing
    for it. Each kind keeps its own newest keep-min and its newest verified."""
    dumps = fake_backups(tmp_path, list(range(0, 45, 3)), verified={33})
    bases = fake_base_backups(tmp_path, {40: 3, 70: 1, 100: 0})
    manifest = tmp_path / bases[100] / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"verification": null',
                                                     '"verification": {"ok": true}'))
    result = b.prune(tmp_path, keep_days=30, keep_min=2)
    kept_dumps = [d for d in dumps if d in result["kept"]]
    assert kept_dumps == dumps[:10] + [dumps[11]], (
        "the dumps under 30 days old, and the newest verified (33 days)")
    kept_bases = [x for x in result["kept"] if x.endswith("-base")]
    assert kept_bases == [bases[40], bases[70], bases[100]], (
        "the newest two base backups however old, and the newest verified one")
    assert sorted(result["deleted"]) == sorted([dumps[10], *dumps[12:]])


def test_prune_counts_each_databases_dumps_apart(tmp_path):
    """Two databases backing up into one directory: one whose backups stopped
    saw the other's fill the newest keep-min and take the newest verified, and
    the prune deleted every backup it had."""
    stopped = fake_backups(tmp_path, [40, 50, 60], verified={50}, database="shop")
    fake_backups(tmp_path, [0, 1, 2, 3], verified={0}, database="stockdb")
    result = b.prune(tmp_path, keep_days=30, keep_min=1)
    assert result["deleted"] == [stopped[2]]
    assert {stopped[0], stopped[1]} <= set(result["kept"])


def test_prune_leaves_the_wal_archive_alone_when_no_base_backup_is_kept(tmp_path):
    """Without a kept base backup, no WAL is provably useless here: a base
    backup kept elsewhere may start anywhere in it."""
    backups = tmp_path / "backups"
    fake_backups(backups, [0, 40], verified=set())
    archive = fake_archive(tmp_path, 4)
    ran = run_cli("backup", "prune", "--dir", str(backups), "--keep-days", "30", "--keep-min",
                  "1", "--wal-archive", str(archive))
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == [
        ran.stdout.splitlines()[0], "1 deleted, 1 kept",
        f"WAL archive {archive}: left as it is, no base backup is kept"]
    assert len(list(archive.iterdir())) == 5


def test_prune_that_cannot_tell_what_the_wal_archive_needs_deletes_nothing(tmp_path):
    backups = tmp_path / "backups"
    ids = fake_base_backups(backups, {0: 9, 10: 6, 40: 3})
    archive = fake_archive(tmp_path, 10)

    missing = tmp_path / "wal-archiv"
    ran = run_cli("backup", "prune", "--dir", str(backups), "--keep-min", "1", "--keep-days", "30",
                  "--wal-archive", str(missing))
    assert one_line_error(ran) == (
        f"stockdb: no WAL archive directory {missing}: nothing was pruned "
        "(check --wal-archive or STOCKDB_WAL_ARCHIVE)")

    (backups / ids[10] / "base" / "backup_label").unlink()
    ran = run_cli("backup", "prune", "--dir", str(backups), "--keep-min", "1", "--keep-days", "30",
                  "--wal-archive", str(archive))
    assert one_line_error(ran) == (
        f"stockdb: base backup {ids[10]} has no readable base/backup_label (No such file or "
        "directory): the WAL it needs is unknown, so nothing was pruned")
    assert len(list(backups.iterdir())) == 3 and len(list(archive.iterdir())) == 11, (
        "neither the old backup nor any WAL went")


def test_recover_refuses_what_cannot_recover_and_makes_nothing(tmp_path):
    backups = tmp_path / "backups"
    ids = fake_base_backups(backups, {1: 5})
    (dump,) = fake_backups(backups, [2], verified=set())
    archive = fake_archive(tmp_path, 6)
    pgdata = tmp_path / "recovered"
    base = ["backup", "recover", "--dir", str(backups), "--pgdata", str(pgdata)]

    def refused(*args: str, env: dict | None = None) -> str:
        line = one_line_error(run_cli(*base, *args, env=env))
        assert not pgdata.exists() or not any(pgdata.iterdir()), "nothing was made"
        return line

    assert refused(dump, "--wal-archive", str(archive)) == (
        f"stockdb: backup {dump} is a dump, not a base backup: restore it with `stockdb backup "
        "restore` (recovery to a moment starts from `stockdb backup base`)")
    assert refused(ids[1], "--wal-archive", str(tmp_path / "nowhere")) == (
        f"stockdb: no WAL archive directory {tmp_path / 'nowhere'} (check --wal-archive or "
        "STOCKDB_WAL_ARCHIVE)")
    in_archive = {"STOCKDB_WAL_ARCHIVE": str(archive)}
    assert refused(ids[1], "--to", "2026-11-23 14:05", env=in_archive) == (
        "stockdb: --to '2026-11-23 14:05' has no offset: give one, such as +00:00, so the moment "
        "does not depend on a time zone setting")
    assert refused(ids[1], "--wal-archive", str(archive), "--to", "yesterday") == (
        "stockdb: --to 'yesterday' is not an ISO 8601 moment (such as 2026-11-23T14:05:00+00:00)")
    finished = json.loads((backups / ids[1] / "manifest.json").read_text())["finished_at"]
    assert refused(ids[1], "--wal-archive", str(archive), "--to", "2020-01-01T00:00:00+00:00") == (
        f"stockdb: --to 2020-01-01T00:00:00+00:00 is before base backup {ids[1]} ended "
        f"({finished}): recovery cannot stop inside a base backup; pick a later moment or an "
        "older base backup")
    # The fake has no backup_manifest: pg_verifybackup finds it damaged.
    assert refused(ids[1], "--wal-archive", str(archive)).startswith(
        f"stockdb: base backup {ids[1]} is damaged, nothing was made: ")
    pgdata.mkdir()
    (pgdata / "PG_VERSION").write_text("15\n")
    assert one_line_error(run_cli(*base, ids[1], "--wal-archive", str(archive))) == (
        f"stockdb: {pgdata} exists and is not empty: recover into a new directory")
    assert [p.name for p in pgdata.iterdir()] == ["PG_VERSION"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_list_says_which_backups_are_base_backups(tmp_path):
    """`backup recover` takes a base backup's id, and the list did not say which
    backups were base backups."""
    ids = fake_base_backups(tmp_path, {1: 3})
    (dump,) = fake_backups(tmp_path, [2], verified=set())
    (tmp_path / "20200101T000000Z-broken").mkdir()
    ran = run_cli("backup", "list", "--dir", str(tmp_path))
    assert ran.returncode == 0, ran.stderr
    kinds = {line.split()[0]: line.split()[1] for line in ran.stdout.splitlines()}
    assert kinds == {ids[1]: "base", dump: "dump", "20200101T000000Z-broken": "?"}


def test_prune_of_a_directory_that_does_not_exist_fails(tmp_path):
    """A mistyped --dir pruned nothing, said "0 deleted, 0 kept" and exited 0: a
    scheduled prune kept succeeding while the real directory filled up."""
    missing = tmp_path / "bakups"
    with pytest.raises(StockdbError, match="no backup directory"):
        b.prune(missing, keep_days=30, keep_min=1)
    proc = run_cli("backup", "prune", "--dir", str(missing))
    assert proc.returncode == 1
    assert proc.stderr == (f"stockdb: no backup directory {missing}: nothing to prune "
                           "(check --dir or STOCKDB_BACKUP_DIR)\n")
    assert not missing.exists(), "nothing is made there"
    listing = run_cli("backup", "list", "--dir", str(missing))
    assert listing.returncode == 0
    assert listing.stdout == f"no backup directory {missing} (no backup was made there)\n"


@pytest.mark.parametrize("backup_id", ["", ".", "..", "../outside", "inside/.."])
def test_a_backup_is_named_by_one_directory_inside_the_backup_directory(tmp_path, backup_id):
    """'' named the backup directory itself ("backup  has no manifest.json"), and
    ../outside a backup beside it, which verify and restore then read."""
    inside = tmp_path / "backups"
    (inside / "inside").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / b.MANIFEST).write_text("{}")
    with pytest.raises(StockdbError) as refused:
        b.load(inside, backup_id)
    assert str(refused.value) == (f"no backup {backup_id!r} in {inside}"
                                  " (see `stockdb backup list`)")


def test_a_verify_or_restore_stopped_by_sigterm_leaves_no_database_behind(fresh_db, databases,
                                                                           tmp_path):
    """Killed by SIGTERM (`timeout`, a systemd stop), a verify left its scratch
    database and a restore its incoming one: a whole copy of the database each
    time, seen by hand on stockdb_demo. They are dropped now, as on Ctrl-C."""
    with psycopg.connect(fresh_db) as conn:
        # Enough rows that pg_restore is still at work when the signal comes.
        conn.execute("CREATE TABLE public.filler AS "
                     "SELECT g, md5(g::text) AS m FROM generate_series(1, 400000) AS g")
    manifest = b.create(fresh_db, tmp_path)
    target = f"sigterm_{os.getpid()}"

    def like(name: str) -> str:
        return name.replace("_", "\\_") + "%"

    for args, prefix in ((("verify", manifest["id"]), "stockdb_verify_{pid}_"),
                         (("restore", manifest["id"], "--target-db", target), target)):
        proc = subprocess.Popen(
            [*STOCKDB, "backup", *args, "--dir", str(tmp_path)],
            env={**os.environ, "DATABASE_URL": fresh_db}, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        pattern = like(prefix.format(pid=proc.pid))
        with psycopg.connect(databases.url("postgres"), autocommit=True) as conn:
            def made(pattern=pattern, conn=conn) -> list:
                return conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                                    [pattern]).fetchall()
            deadline = time.monotonic() + 60
            while not made() and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
            assert made(), args
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=60)
            assert proc.returncode == 143, err
            assert err.strip().splitlines()[-1] == "stockdb: stopped by SIGTERM"
            assert made() == [], args


class _StoppedAfterCreate(KeyboardInterrupt):
    """A SIGTERM handled just as CREATE DATABASE returned."""


@pytest.mark.parametrize("command", ["verify", "restore"])
def test_a_stop_as_create_database_returns_leaves_no_database(fresh_db, databases, tmp_path,
                                                              monkeypatch, command):
    """The test above failed once in CI (cc77): its SIGTERM came as the verify's
    CREATE DATABASE returned, committed, before the clean-up that drops it had
    begun, and the scratch database stayed. So would a restore's incoming one."""
    manifest = b.create(fresh_db, tmp_path)
    execute = psycopg.Connection.execute

    def stopped_after_create(self, query, *args, **kwargs):
        cursor = execute(self, query, *args, **kwargs)
        text = query if isinstance(query, str) else query.as_string(self)
        if text.startswith("CREATE DATABASE"):
            raise _StoppedAfterCreate
        return cursor

    target = f"stopped_{os.getpid()}"
    monkeypatch.setattr(psycopg.Connection, "execute", stopped_after_create)
    with pytest.raises(_StoppedAfterCreate):
        if command == "verify":
            b.verify(fresh_db, tmp_path, manifest["id"])
        else:
            b.restore(fresh_db, tmp_path, manifest["id"], target)
    monkeypatch.undo()
    with psycopg.connect(databases.url("postgres")) as conn:
        # This process's: another test's verify may be under way in the cluster.
        assert conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s OR datname LIKE %s",
            [f"stockdb\\_verify\\_{os.getpid()}\\_%", f"{target}%"]).fetchall() == []


def test_a_backup_directory_that_is_a_file_is_one_line(tmp_path):
    """STOCKDB_BACKUP_DIR naming a file: list said there was no backup directory
    and no backup was made there, and create that it was not writable ("File
    exists")."""
    file = tmp_path / "backups"
    file.write_text("not a directory")
    # Refused before any database is reached (none listens on port 1).
    env = {"STOCKDB_BACKUP_DIR": str(file), "DATABASE_URL": "postgresql://x@127.0.0.1:1/x"}
    for args in (("list",), ("prune",), ("create",), ("base",), ("verify", "x"),
                 ("restore", "x", "--target-db", "y")):
        ran = run_cli("backup", *args, env=env)
        assert one_line_error(ran) == (f"stockdb: backup directory {file} is a file, not a "
                                       "directory (check --dir or STOCKDB_BACKUP_DIR)"), args
    assert file.read_text() == "not a directory"


def test_maintenance_status_gives_the_checks_backup_verdict(fresh_db, tmp_path):
    """maintenance status prints ops.check_health's backup line, word for word: the two
    judge a backup from the same function, so they cannot disagree."""
    env = {"DATABASE_URL": fresh_db}

    def status_line() -> str:
        out = run_cli("maintenance", "status", env=env).stdout
        line = next(ln for ln in out.splitlines() if ln.startswith("backup: "))
        with psycopg.connect(fresh_db) as conn:
            status, detail, hint = conn.execute(
                "SELECT status, detail, hint FROM ops.check_health() WHERE check_name = 'backup'"
            ).fetchone()
        assert line == f"backup: {status}: {detail}" + (f" (next: {hint})" if hint else "")
        return line

    assert status_line() == ("backup: warning: no successful backup recorded "
                             "(next: stockdb backup create)")
    manifest = b.create(fresh_db, tmp_path)
    unverified = status_line()
    assert unverified.startswith(f"backup: warning: last good backup {manifest['id']} at ")
    assert unverified.endswith(f"(0.0 h ago), not verified by a restore "
                               f"(next: stockdb backup verify {manifest['id']})")
    with psycopg.connect(fresh_db) as conn:
        conn.execute("UPDATE ops.backup SET verify_status = 'ok', verified_at = now()")
    assert status_line().endswith("(0.0 h ago), verified")
    assert status_line().startswith("backup: ok: ")
    with psycopg.connect(fresh_db) as conn:
        conn.execute(
            "UPDATE ops.backup SET started_at = started_at - interval '27 hours', "
            "finished_at = finished_at - interval '27 hours'"
        )
    old = status_line()
    assert old.startswith("backup: warning: ")
    assert old.endswith("(27.0 h ago), older than 26 hours, verified (next: stockdb backup create)")


def fake_base(tmp_path: Path) -> Path:
    """A base backup's directory with five files of 1 kB under base/."""
    root = tmp_path / "20260101T000000Z"
    (root / "base" / "global").mkdir(parents=True)
    for n in range(5):
        (root / "base" / "global" / f"f{n}").write_bytes(b"x" * 1000)
    return root


def test_a_base_backup_copied_where_there_is_no_room_stops_in_one_line(tmp_path, monkeypatch):
    """Out of room, shutil.copytree went on through every other file, each failing, then
    raised all their errors as one message: 1.4 MB on the terminal for a 1.5 GiB cluster
    (by hand, on a 2 MiB tmpfs), which a verify recorded against the sound backup."""
    root = fake_base(tmp_path)
    room = (tmp_path / "chosen", "REMEDY")
    target = tmp_path / "data"
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: SimpleNamespace(free=2**20))
    with pytest.raises(b.NoRoom) as refused:
        b.data_dir_from_base(root, target, {}, "test", None, room)
    assert str(refused.value) == (
        f"{tmp_path / 'chosen'} has 1.0 MiB free, and a copy of base backup {root.name} needs "
        "64.0 MiB: REMEDY")
    assert not target.exists(), "refused before copying anything"
    monkeypatch.undo()

    tried: list[str] = []
    copy2 = shutil.copy2

    def copy_until(failure: int):
        def copy(src, dst):
            tried.append(src)
            if len(tried) == 2:
                raise OSError(failure, os.strerror(failure), dst)
            return copy2(src, dst)
        return copy

    monkeypatch.setattr(shutil, "copy2", copy_until(errno.ENOSPC))
    with pytest.raises(b.NoRoom) as stopped:
        b.data_dir_from_base(root, target, {}, "test", None, room)
    assert str(stopped.value) == (
        f"{tmp_path / 'chosen'} ran out of room for a copy of base backup {root.name} "
        "(64.0 MiB): REMEDY")
    assert len(tried) == 2, "stopped at the first file it could not copy"

    tried.clear()
    shutil.rmtree(target)
    monkeypatch.setattr(shutil, "copy2", copy_until(errno.EACCES))
    with pytest.raises(PermissionError) as denied:
        b.data_dir_from_base(root, target, {}, "test", None, room)
    assert str(denied.value).startswith("[Errno 13] Permission denied: ")
    assert len(tried) == 2


def test_a_verify_or_restore_without_room_on_the_servers_disk_refuses_before_restoring(
    fresh_db, tmp_path, monkeypatch
):
    """By hand, a verify on a disk with 8 MiB free filled it restoring the dump; dropping
    the scratch database then needed a checkpoint, which could not be written, and the
    server stopped and did not start again. A restore risked the same with the
    applications' database beside it."""
    stock_some(fresh_db)
    manifest = b.create(fresh_db, tmp_path)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        # Recorded as it was dumped (a backup's own row grows it a little since).
        assert 0.9 < manifest["database_bytes"] / conn.execute(
            "SELECT pg_database_size(current_database())").fetchone()[0] <= 1
        conn.execute("UPDATE warehouse.warehouse SET name = 'changed after the backup'")
    name = psycopg.conninfo.conninfo_to_dict(fresh_db)["dbname"]
    made: list[str] = []
    monkeypatch.setattr(b, "_new_database", lambda *args, **kwargs: made.append(args[1]))
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: SimpleNamespace(free=80 * 2**20))
    with pytest.raises(StockdbError) as refused:
        b.verify(fresh_db, tmp_path, manifest["id"])
    assert str(refused.value).startswith("the server's data directory ")
    assert str(refused.value).endswith(
        " has 80.0 MiB free, and a restore of it needs about "
        f"{(2 * manifest['database_bytes'] + 64 * 2**20) / 2**20:.1f} MiB: free room there, or "
        "verify it against another server (DATABASE_URL); no verification was recorded")
    with pytest.raises(StockdbError, match=f"; nothing was restored, and {name} is as it was$"):
        b.restore(fresh_db, tmp_path, manifest["id"], name, force=True)
    assert made == [], "refused before a database was made"
    assert b.load(tmp_path, manifest["id"])[1]["verification"] is None
    assert_old_database_kept(fresh_db, name)


def test_a_verify_or_restore_whose_server_runs_out_of_room_records_nothing_against_the_backup(
    fresh_db, tmp_path, monkeypatch
):
    """The room a restore needs is estimated before it starts; a disk that fills
    anyway (other writers, a server elsewhere) stopped pg_restore, and a verify
    recorded the sound backup as failed: `verify_status = failed`, which stockdb
    check and the backup list then showed against it. By hand, on a 480 MiB tmpfs
    filled by another writer once the verify had begun: `pg_restore failed: … could
    not extend file "base/27136/29427": No space left on device`, recorded."""
    stock_some(fresh_db)
    manifest = b.create(fresh_db, tmp_path)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("UPDATE warehouse.warehouse SET name = 'changed after the backup'")
    name = psycopg.conninfo.conninfo_to_dict(fresh_db)["dbname"]
    said = ('pg_restore: error: COPY failed for table "stock_movement_p2026_12": ERROR:  could '
            'not extend file "base/16384/16390": No space left on device')
    # pg_restore reads the dump's list as it is, and stops restoring as on a full disk.
    real = b.pg_tool
    fake = tmp_path / "pg_restore"
    fake.write_text(f'#!/bin/sh\nif [ "$1" = --list ]; then exec {real("pg_restore")} "$@"; fi\n'
                    f"echo '{said}' >&2\necho 'HINT:  Check free disk space.' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(b, "pg_tool", lambda tool: str(fake) if tool == "pg_restore"
                        else real(tool))

    with pytest.raises(b.NoRoom) as refused:
        b.verify(fresh_db, tmp_path, manifest["id"])
    # With what the disk has left, on a server on this machine.
    assert str(refused.value).startswith(f"the server ran out of room restoring the dump ({said}; ")
    assert str(refused.value).endswith(
        " MiB free): free room there, or verify it against another server (DATABASE_URL); no "
        "verification was recorded")
    assert b.load(tmp_path, manifest["id"])[1]["verification"] is None
    with psycopg.connect(fresh_db) as conn:
        recorded = conn.execute("SELECT verify_status FROM ops.backup WHERE id = %s",
                                [manifest["id"]]).fetchone()
        scratch = conn.execute("SELECT datname FROM pg_database "
                               "WHERE datname LIKE 'stockdb\\_verify\\_%'").fetchall()
    assert recorded == (None,), recorded
    assert scratch == [], "the scratch database is dropped"

    with pytest.raises(b.NoRoom, match=f"; nothing was restored, and {name} is as it was$"):
        b.restore(fresh_db, tmp_path, manifest["id"], name, force=True)
    assert_old_database_kept(fresh_db, name)

    # Where the WAL shares the disk, the server stops at the WAL write that fails
    # (PANIC), and pg_restore says only that the connection was lost: the disk left
    # nearly full says why.
    lost = "pg_restore: error: error returned by PQputCopyData: server closed the connection"
    fake.write_text(f'#!/bin/sh\nif [ "$1" = --list ]; then exec {real("pg_restore")} "$@"; fi\n'
                    f"echo '{lost} unexpectedly' >&2\nexit 1\n")
    monkeypatch.setattr(b, "_room_left", lambda _data: 3 * 2**20)
    with pytest.raises(b.NoRoom) as refused:
        b.verify(fresh_db, tmp_path, manifest["id"])
    assert str(refused.value).startswith(
        f"the server ran out of room restoring the dump ({lost} unexpectedly; ")
    assert " has 3.0 MiB free): free room there, or verify it " in str(refused.value)
    assert b.load(tmp_path, manifest["id"])[1]["verification"] is None
    # With room left, a lost connection is the backup's to answer for.
    monkeypatch.setattr(b, "_room_left", lambda _data: 500 * 2**20)
    assert b.verify(fresh_db, tmp_path, manifest["id"])["problems"] == [
        f"pg_restore failed: {lost} unexpectedly"]
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT verify_status FROM ops.backup WHERE id = %s",
                            [manifest["id"]]).fetchone() == ("failed",)

    # Any other failure of pg_restore is the backup's: a verify records it.
    fake.write_text(f'#!/bin/sh\nif [ "$1" = --list ]; then exec {real("pg_restore")} "$@"; fi\n'
                    "echo 'pg_restore: error: could not read from input file: end of file' >&2\n"
                    "exit 1\n")
    result = b.verify(fresh_db, tmp_path, manifest["id"])
    assert result["problems"] == [
        "pg_restore failed: pg_restore: error: could not read from input file: end of file"]
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT verify_status FROM ops.backup WHERE id = %s",
                            [manifest["id"]]).fetchone() == ("failed",)


def test_a_base_backup_that_pg_basebackup_fails_is_quoted_by_the_line_that_says_why(
    fresh_db, tmp_path, monkeypatch
):
    """On a full disk (by hand, a 20 MiB tmpfs) pg_basebackup's last line is its clean-up,
    and that was all stockdb said: `pg_basebackup failed, nothing was kept:
    pg_basebackup: removing data directory …`."""
    said = ('pg_basebackup: error: could not write to file "/b/base/pg_multixact/members/0015": '
            "No space left on device")
    fake = tmp_path / "pg_basebackup"
    fake.write_text("#!/bin/sh\necho '1024/30000 kB (3%), 0/1 tablespace' >&2\n"
                    f"echo '{said}' >&2\n"
                    "echo 'pg_basebackup: removing data directory \"/b/base\"' >&2\nexit 1\n")
    fake.chmod(0o755)
    real = b.pg_tool
    monkeypatch.setattr(b, "pg_tool", lambda name: str(fake) if name == "pg_basebackup"
                        else real(name))
    backups = tmp_path / "backups"
    with pytest.raises(StockdbError) as failed:
        b.create_base(fresh_db, backups)
    assert str(failed.value) == f"pg_basebackup failed, nothing was kept: {said}"
    assert [p.name for p in backups.iterdir()] == []
