"""Point-in-time recovery: WAL archiving on a cluster of its own, a base backup
by `stockdb backup base`, the archive pruned by `stockdb backup prune
--wal-archive`, then `stockdb backup recover` replaying the archive to a moment.

The cluster is configured exactly as the README's point-in-time recovery
section tells users to configure the embedded one.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from helpers import cluster_of_its_own, kill_cli_at, run_cli, stock_some

from stockdb import PROJECT_ROOT, backup
from stockdb.backup import base_start_segment
from stockdb.cluster import Cluster, pg_bindir
from stockdb.errors import StockdbError

PORT = 54351
WAL = re.compile(r"^[0-9A-F]{24}$")


# The README's archive_command, as users copy it, on the test's own archive.
README_ARCHIVE = "/var/lib/postgresql/wal-archive"
(README_COMMAND,) = re.findall(r"^archive_command = '(.*)'$",
                               (PROJECT_ROOT / "README.md").read_text(), flags=re.M)


def archive_settings(archive) -> dict[str, str]:
    return {
        "archive_mode": "on",
        "archive_command": README_COMMAND.replace(README_ARCHIVE, str(archive)),
    }


def test_the_archive_command_archives_a_segment_whole_after_a_copy_cut_short(tmp_path):
    """A copy cut short (a crash of the machine, a full disk) must leave the segment
    archivable on the server's retry. A plain `cp %p .../%f` left half of it under
    its own name, and `test ! -f` then refused every retry: archiving stopped."""
    segment = tmp_path / "pg_wal" / "000000010000000000000007"
    segment.parent.mkdir()
    segment.write_bytes(os.urandom(16 << 20))
    archive = tmp_path / "archive"
    archive.mkdir()
    command = (archive_settings(archive)["archive_command"]
               .replace("%p", str(segment)).replace("%f", segment.name))

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it fails, EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))

    cut = subprocess.run(["/bin/sh", "-c", command], capture_output=True, preexec_fn=small_files,
                         check=False)
    assert cut.returncode != 0
    retried = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True,
                             check=False)
    assert retried.returncode == 0, retried.stderr
    assert [p.name for p in archive.iterdir()] == [segment.name]
    assert (archive / segment.name).read_bytes() == segment.read_bytes()


def take_base(url: str, directory) -> Path:
    before = set(directory.iterdir())
    made = run_cli(
        "backup", "base", "--dir", str(directory), "--json", env={"DATABASE_URL": url}, timeout=300
    )
    assert made.returncode == 0, made.stderr
    (new,) = [p for p in set(directory.iterdir()) - before if not p.name.startswith(".")]
    return new


def switch_and_wait(conn, archive) -> None:
    segment = conn.execute("SELECT pg_walfile_name(pg_current_wal_lsn())").fetchone()[0]
    conn.execute("SELECT pg_switch_wal()")
    wait_for(lambda: (archive / segment).exists(), what=f"{segment} in the archive")


def wait_for(predicate, timeout: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def archiving_cluster():
    with cluster_of_its_own("pitr", PORT):
        yield from _archiving_cluster()


def _archiving_cluster():
    cluster = Cluster("pitr", PORT, tcp=False, fast_unsafe=False)
    cluster.destroy()
    restored = cluster.base_dir / "pitr-restored"
    archive = cluster.base_dir / "pitr-wal-archive"
    shutil.rmtree(restored, ignore_errors=True)
    shutil.rmtree(archive, ignore_errors=True)
    cluster.initialise()
    cluster._mkdir_owned(archive)
    with open(cluster.data_dir / "postgresql.conf", "a") as f:
        for key, value in archive_settings(archive).items():
            f.write(f"{key} = '{value}'\n")
    cluster.start()
    yield cluster, archive, restored
    restored_cluster = Cluster("pitr-restored", PORT, tcp=False, fast_unsafe=False)
    if (restored / "PG_VERSION").exists():
        restored_cluster._run(
            [str(pg_bindir() / "pg_ctl"), "stop", "-m", "immediate", "-D", str(restored)],
            check=False,
        )
    cluster.destroy()
    shutil.rmtree(restored, ignore_errors=True)
    shutil.rmtree(archive, ignore_errors=True)


@pytest.mark.slow
def test_base_backup_plus_archived_wal_recovers_to_a_moment(archiving_cluster, tmp_path):
    cluster, archive, restored = archiving_cluster
    url = cluster.url()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE ledger (n int PRIMARY KEY, note text)")
        conn.execute(
            "INSERT INTO ledger SELECT g, 'before the base backup' FROM generate_series(1, 5) g"
        )
        # An outbox as stockdb's: MongoDB takes its rows under their positions.
        conn.execute("CREATE SCHEMA audit")
        conn.execute("CREATE TABLE audit.outbox (position bigserial PRIMARY KEY, note text)")
        conn.execute("INSERT INTO audit.outbox (note) SELECT 'before' FROM generate_series(1, 5)")

    # An older base backup, and archived WAL that only it needs, for the prune.
    older = take_base(url, tmp_path)
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(3):
            conn.execute("UPDATE ledger SET note = note")
            switch_and_wait(conn, archive)
    backup_dir = take_base(url, tmp_path)
    verified = run_cli(
        "backup",
        "verify",
        backup_dir.name,
        "--dir",
        str(tmp_path),
        env={"DATABASE_URL": url},
        timeout=300,
    )
    assert verified.returncode == 0, verified.stderr

    with psycopg.connect(url, autocommit=True) as conn:
        for n in range(6, 11):  # one transaction each, all committed before the target
            conn.execute("INSERT INTO ledger VALUES (%s, 'after the base, before the target')", [n])
        time.sleep(1.1)
        target = conn.execute("SELECT clock_timestamp()").fetchone()[0]
        time.sleep(1.1)
        conn.execute(
            "INSERT INTO ledger SELECT g, 'after the target' FROM generate_series(11, 15) g"
        )
        # Delivered to MongoDB, say, before the server was lost.
        delivered = conn.execute("INSERT INTO audit.outbox (note) SELECT 'after' "
                                 "FROM generate_series(1, 100) RETURNING position").fetchall()
        switch_and_wait(conn, archive)
    cluster.stop()

    # The older base backup is past --keep-days; pruning it takes the WAL that
    # only it needed, and the recovery below shows the rest is enough.
    manifest_path = older / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["finished_at"] = (datetime.now(UTC) - timedelta(days=40)).isoformat()
    manifest_path.write_text(json.dumps(manifest))
    start = base_start_segment(backup_dir)
    needed_only_by_older = sorted(p.name for p in archive.iterdir() if WAL.match(p.name)
                                  and p.name[8:] < start[8:])
    assert len(needed_only_by_older) >= 3
    pruned = run_cli("backup", "prune", "--dir", str(tmp_path), "--keep-days", "30",
                     "--keep-min", "1", "--wal-archive", str(archive), "--json")
    assert pruned.returncode == 0, pruned.stderr
    result = json.loads(pruned.stdout)
    assert result["deleted"] == [older.name] and not older.exists()
    assert result["wal_archive"]["keep_from"] == start
    assert result["wal_archive"]["deleted"] == needed_only_by_older
    left = sorted(p.name for p in archive.iterdir() if WAL.match(p.name))
    assert left and left[0] == start, "the archive begins where the kept base backup does"

    # Recovery to the target: the kept base backup as a new data directory,
    # replaying the pruned archive, started and promoted by the command.
    recovered = run_cli(
        "backup", "recover", backup_dir.name, "--dir", str(tmp_path), "--pgdata", str(restored),
        "--wal-archive", str(archive), "--to", target.isoformat(), "--port", str(PORT),
        "--start", "--json", timeout=300,
    )
    assert recovered.returncode == 0, recovered.stderr
    result = json.loads(recovered.stdout)
    assert result["started"] and result["promoted"]
    assert not (restored / "recovery.signal").exists()
    last = datetime.fromisoformat(result["last_transaction_at"])
    assert target - timedelta(seconds=5) < last <= target, "the last insert before the target"
    with psycopg.connect(url) as conn:
        assert not conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
        rows = [r[0] for r in conn.execute("SELECT n FROM ledger ORDER BY n").fetchall()]
        assert conn.execute("SHOW archive_mode").fetchone()[0] == "off"
    assert rows == list(range(1, 11)), "everything committed before the target, nothing after"
    # The positions MongoDB holds from after the target are not handed out
    # again: the recovered sequence had not reached them.
    assert result["outbox_positions_moved"] == ["stockdb"]
    with psycopg.connect(url, autocommit=True) as conn:
        nxt = conn.execute("SELECT nextval('audit.outbox_position_seq')").fetchone()[0]
    # (The old code handed out 6 again.)
    assert nxt > max(p for (p,) in delivered), nxt
    stop(cluster, restored)

    # Without --to it replays the whole archive; without --start it prints
    # the command that starts it, which works as printed.
    again = cluster.base_dir / "pitr-restored-latest"
    shutil.rmtree(again, ignore_errors=True)
    try:
        prepared = run_cli(
            "backup", "recover", backup_dir.name, "--dir", str(tmp_path), "--pgdata", str(again),
            "--wal-archive", str(archive), "--port", str(PORT), timeout=300,
        )
        assert prepared.returncode == 0, prepared.stderr
        lines = prepared.stdout.splitlines()
        assert lines[0] == (f"prepared {again} from base backup {backup_dir.name} to replay "
                            f"{archive} to end of the archive; start it with:")
        assert (again / "recovery.signal").exists() and oct(again.stat().st_mode)[-3:] == "700"
        # As a user pastes it into a shell.
        ran = subprocess.run(["/bin/sh", "-c", lines[1].strip()], capture_output=True, text=True,
                             check=False, cwd="/", timeout=120)
        assert ran.returncode == 0, ran.stderr
        wait_for(lambda: promoted(url), what="recovery to the end of the archive")
        with psycopg.connect(url) as conn:
            rows = [r[0] for r in conn.execute("SELECT n FROM ledger ORDER BY n").fetchall()]
        assert rows == list(range(1, 16)), "the end of the archive has every committed row"
        # Started by hand, it is moved on by hand, as printed.
        assert lines[2].startswith("then, once it has promoted and before a relay delivers")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(lines[3].strip())
            nxt = conn.execute("SELECT nextval('audit.outbox_position_seq')").fetchone()[0]
        assert nxt > backup.OUTBOX_POSITION_GAP, nxt
    finally:
        stop(cluster, again)
        shutil.rmtree(again, ignore_errors=True)

    # A moment past the archive's end: the server stops short, and says so.
    short = cluster.base_dir / "pitr-restored-short"
    shutil.rmtree(short, ignore_errors=True)
    try:
        later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        failed = run_cli(
            "backup", "recover", backup_dir.name, "--dir", str(tmp_path), "--pgdata", str(short),
            "--wal-archive", str(archive), "--to", later, "--port", str(PORT), "--start",
            timeout=300,
        )
        assert failed.returncode == 1 and "Traceback" not in failed.stderr, failed.stderr
        assert "recovery ended before configured recovery target was reached" in failed.stderr
        assert f"({short} is kept for a look; log: {short}/recover.log)" in failed.stderr
        assert (short / "PG_VERSION").exists()
    finally:
        stop(cluster, short)
        shutil.rmtree(short, ignore_errors=True)


def test_a_recovered_server_it_cannot_reach_is_named_with_the_statement_to_run(tmp_path):
    """Recovered and promoted, but where its postmaster.pid says it listens
    nobody answers: one line, which says the server is up and what to run."""
    (tmp_path / "postmaster.pid").write_text(
        f"1\n{tmp_path}\n0\n{PORT + 7}\n{tmp_path}\n\n0 0\nready\n")
    with pytest.raises(StockdbError) as raised:
        backup._move_recovered_outbox_positions(tmp_path)
    said = str(raised.value)
    assert said.startswith(f"recovered and promoted into {tmp_path}, but its outbox positions "
                           "were not moved on (cannot connect to PostgreSQL: ")
    assert said.endswith(f"run in each of its stockdb databases: {backup.MOVE_OUTBOX_SQL}")
    assert "\n" not in said


class StillRecovering:
    """A connection to a promoted server that leaves recovery after `for_polls`
    asks whether it is in it, and until then refuses writes as PostgreSQL does."""

    def __init__(self, server: SimpleNamespace, dbname: str):
        self.server, self.dbname = server, dbname

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute(self, query: str, params=None):
        server = self.server
        if "pg_is_in_recovery" in query:
            server.polls += 1
            return SimpleNamespace(fetchone=lambda: (server.polls <= server.for_polls,))
        if "FROM pg_database" in query:
            return SimpleNamespace(fetchall=lambda: [("stockdb",)])
        if "to_regclass" in query:
            return SimpleNamespace(fetchone=lambda: (True,))
        assert query == backup.MOVE_OUTBOX_SQL, query
        if server.polls <= server.for_polls:
            raise psycopg.errors.ReadOnlySqlTransaction(
                "cannot execute nextval() in a read-only transaction")
        server.moved.append(self.dbname)
        return SimpleNamespace()


def test_the_positions_are_moved_once_the_promoted_server_takes_writes(tmp_path, monkeypatch):
    """A promoted server's recovery.signal goes before it takes writes: it ends its
    recovery first, with a checkpoint. The move made in between failed, and CI run
    cc208 failed on it: 'cannot execute nextval() in a read-only transaction'."""
    server = SimpleNamespace(polls=0, for_polls=3, moved=[])
    monkeypatch.setattr(backup, "_recovered_conninfo",
                        lambda _pgdata, dbname: f"host=/nowhere dbname={dbname}")
    monkeypatch.setattr(backup, "connect", lambda conninfo, **_kwargs: StillRecovering(
        server, psycopg.conninfo.conninfo_to_dict(conninfo)["dbname"]))
    assert backup._move_recovered_outbox_positions(tmp_path) == ["stockdb"]
    assert server.moved == ["stockdb"] and server.polls == server.for_polls + 1


def promoted(url: str) -> bool:
    try:
        with psycopg.connect(url) as conn:
            return not conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
    except psycopg.OperationalError:
        return False


def stop(cluster, data_dir) -> None:
    if (data_dir / "PG_VERSION").exists():
        cluster._run([str(pg_bindir() / "pg_ctl"), "stop", "-m", "fast", "-D", str(data_dir)],
                     check=False)


def wal_archive_check(url: str) -> tuple[int, dict]:
    ran = run_cli("check", "--skip-integrity", "--json", env={"DATABASE_URL": url}, timeout=120)
    assert "Traceback" not in ran.stderr, ran.stderr
    checks = {c["check_name"]: c for c in json.loads(ran.stdout)["checks"]}
    return ran.returncode, checks["wal_archive"]


@pytest.mark.slow
def test_check_fails_while_archive_command_fails_and_wants_a_base_backup(archiving_cluster,
                                                                         tmp_path):
    """A failing archive_command kept every segment in pg_wal, which grew until
    its disk was full and the server stopped; nothing in `stockdb check` said so."""
    cluster, archive, _restored = archiving_cluster
    url = cluster.url()
    migrated = run_cli("migrate", env={"DATABASE_URL": url}, timeout=300)
    assert migrated.returncode == 0, migrated.stderr

    def archiver(conn) -> tuple:
        return conn.execute(
            "SELECT archived_count, failed_count, last_failed_time > coalesce(last_archived_time, "
            "'-infinity') FROM pg_stat_archiver"
        ).fetchone()

    with psycopg.connect(url, autocommit=True) as conn:
        switch_and_wait(conn, archive)
        code, check = wal_archive_check(url)
        assert (code, check["status"]) == (0, "warning"), check
        assert "but no base backup is recorded" in check["detail"]
        assert check["hint"].startswith("stockdb backup base")

        conn.execute("ALTER SYSTEM SET archive_command = 'false'")
        conn.execute("SELECT pg_reload_conf()")
        time.sleep(0.5)  # the archiver reads the new command
        conn.execute("CREATE TABLE filler AS SELECT 1 AS n")
        conn.execute("SELECT pg_switch_wal()")
        wait_for(lambda: archiver(conn)[1] > 0, what="archive_command to fail")
        code, check = wal_archive_check(url)
        assert (code, check["status"]) == (1, "failed"), check
        assert check["detail"].startswith("archive_command fails: segment ")
        assert "pg_wal keeps every segment until it succeeds" in check["detail"]
        assert "The server log has the command's error" in check["hint"]

        # Emptied, nothing is archived and nothing fails: pg_stat_archiver
        # stays quiet while pg_wal grows.
        conn.execute("ALTER SYSTEM SET archive_command = ''")
        conn.execute("SELECT pg_reload_conf()")
        wait_for(lambda: conn.execute("SHOW archive_command").fetchone()[0] == "",
                 what="the empty archive_command to be read")
        code, check = wal_archive_check(url)
        assert (code, check["status"]) == (1, "failed"), check
        assert check["detail"] == (
            "archive_mode is on but archive_command is empty: nothing is archived, and the "
            "server keeps every segment in pg_wal until it is")
        assert check["hint"].startswith("Set archive_command")

        conn.execute("ALTER SYSTEM RESET archive_command")
        conn.execute("SELECT pg_reload_conf()")
        wait_for(lambda: not archiver(conn)[2], what="the archiver to catch up")
    made = run_cli("backup", "base", "--dir", str(tmp_path), "--json",
                   env={"DATABASE_URL": url}, timeout=300)
    assert made.returncode == 0, made.stderr
    base_id = json.loads(made.stdout)["id"]
    code, check = wal_archive_check(url)
    assert check["status"] == "ok", check
    assert f"newest base backup {base_id} at " in check["detail"]


def verify_leftovers() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("stockdb-verify-*")}


@pytest.mark.slow
def test_verify_starts_a_copy_of_a_base_backup_and_checks_its_integrity(archiving_cluster,
                                                                         tmp_path, monkeypatch):
    """pg_verifybackup vouches for a base backup's files, not for what a server
    finds in them: a base backup of books that disagree passed as verified."""
    cluster, archive, _restored = archiving_cluster
    url = cluster.url()
    # A second database with the schema: a base backup holds the whole cluster.
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE DATABASE second")
    second = cluster.url("second")
    for db in (url, second):
        migrated = run_cli("migrate", env={"DATABASE_URL": db}, timeout=300)
        assert migrated.returncode == 0, migrated.stderr
        stock_some(db)
    before = verify_leftovers()
    # Its transactions start read-only: the check in its copy failed with 25006,
    # and with it the verification of a sound backup.
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER DATABASE second SET default_transaction_read_only = on")

    good = take_base(url, tmp_path)
    if cluster.run_as:
        # As root the copy is the postgres user's, who cannot enter a private
        # directory: the start failed as "no log written", recorded against a
        # sound backup, after a copy made in vain (and recover made one too).
        private = Path(tempfile.mkdtemp(prefix="stockdb-private-"))
        try:
            refused = run_cli("backup", "verify", good.name, "--dir", str(tmp_path),
                              env={"DATABASE_URL": url, "TMPDIR": str(private)}, timeout=300)
            assert (refused.returncode, refused.stderr.splitlines()[-1]) == (1, (
                f"stockdb: the server's OS user {cluster.run_as} cannot enter {private}: set TMPDIR"
                " to a directory it can enter, such as /tmp; no verification was recorded"))
            assert json.loads((good / "manifest.json").read_text())["verification"] is None
            refused = run_cli("backup", "recover", good.name, "--dir", str(tmp_path),
                              "--pgdata", str(private / "recovered"), "--wal-archive", str(archive),
                              env={"DATABASE_URL": url}, timeout=300)
            assert refused.stderr.splitlines()[-1] == (
                f"stockdb: the server's OS user {cluster.run_as} cannot enter {private}: give a"
                " --pgdata it can reach, such as one under /var/lib/postgresql; nothing was made")
            assert list(private.iterdir()) == []
        finally:
            shutil.rmtree(private)
    # TMPDIR's disk without room for the copy: the machine's shortage, not the
    # backup's, and a sound backup was recorded as failing verification.
    with monkeypatch.context() as short:
        short.setattr(shutil, "disk_usage", lambda _path: SimpleNamespace(free=2**20))
        with pytest.raises(backup.NoRoom, match="; no verification was recorded$"):
            backup.verify(url, tmp_path, good.name)
    assert json.loads((good / "manifest.json").read_text())["verification"] is None
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT verify_status FROM ops.backup WHERE id = %s",
                            [good.name]).fetchone() == (None,)
    verified = run_cli("backup", "verify", good.name, "--dir", str(tmp_path), "--json",
                       env={"DATABASE_URL": url}, timeout=300)
    assert verified.returncode == 0, verified.stderr
    result = json.loads(verified.stdout)
    assert result["ok"] and result["started"] and result["integrity_findings"] == 0, result
    assert result["integrity_by_database"] == {"second": 0, "stockdb": 0}

    # a balance the ledger does not explain
    with psycopg.connect(second, options="-c default_transaction_read_only=off") as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute("UPDATE inventory.inventory SET on_hand = on_hand + 1 WHERE batch_id = "
                     "(SELECT id FROM catalog.product_batch WHERE batch_number = 'B0')")
    broken = take_base(url, tmp_path)
    ran = run_cli("backup", "verify", broken.name, "--dir", str(tmp_path),
                  env={"DATABASE_URL": url}, timeout=300)
    assert ran.returncode == 1 and "Traceback" not in ran.stderr, ran.stderr
    assert ran.stderr.splitlines()[-1] == (
        f"stockdb: backup {broken.name} failed verification: database second: "
        "ops.check_integrity() found 1 problem(s)"
    ), "found in a database DATABASE_URL does not name"
    manifest = json.loads((broken / "manifest.json").read_text())
    assert manifest["verification"]["ok"] is False
    assert verify_leftovers() == before, "each copy is stopped and removed"


@pytest.mark.slow
def test_a_verify_killed_outright_leaves_a_copy_the_next_verify_stops_and_deletes(
    archiving_cluster, tmp_path
):
    """SIGKILL (the out-of-memory killer) gives a verify no clean-up: the copy of the base
    backup it had started went on running, a whole cluster under TMPDIR, until the
    machine restarted, and its files stayed after that."""
    cluster, _archive, _restored = archiving_cluster
    url = cluster.url()
    good = take_base(url, tmp_path)
    before = verify_leftovers()
    kill_cli_at("running ops.check_integrity() in the copy's database", "backup", "verify",
                good.name, "--dir", str(tmp_path), env={"DATABASE_URL": url})
    (left,) = verify_leftovers() - before
    scratch = Path(tempfile.gettempdir()) / left
    postmaster = int((scratch / "data" / "postmaster.pid").read_text().split()[0])
    assert running(postmaster), "the copy's server runs on"
    old = time.time() - 120
    os.utime(scratch, (old, old))

    again = run_cli("backup", "verify", good.name, "--dir", str(tmp_path),
                    env={"DATABASE_URL": url}, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"stopping and deleting {scratch}, left by a verify that was killed" in again.stderr
    assert not scratch.exists()
    assert not running(postmaster)
    assert verify_leftovers() == before


def running(pid: int) -> bool:
    """Whether pid is a live process: not gone, nor a zombie no one has reaped (a
    container's first process may reap none)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"
