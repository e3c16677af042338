"""stockdb db start | stop | status | url | psql | destroy on a throwaway cluster."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from helpers import STOCKDB, run_cli
from psycopg.conninfo import conninfo_to_dict

from stockdb.cluster import CHECKOUT_KEY, LOG_SET_ASIDE_BYTES, Cluster, last_log_line
from stockdb.errors import StockdbError


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def cluster_env():
    # Not pytest's tmp_path: as root the cluster belongs to the postgres user,
    # who cannot enter root's private temporary directories.
    home = Path(tempfile.mkdtemp(prefix="stockdb-cluster-test-", dir="/tmp"))
    home.chmod(0o755)
    env = {"STOCKDB_HOME": str(home), "STOCKDB_PORT": str(free_port()), "DATABASE_URL": ""}
    yield env
    run_cli("db", "destroy", "--yes", env=env)
    shutil.rmtree(home, ignore_errors=True)


def one_line_error(result) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_cluster_lifecycle(cluster_env):
    before = run_cli("db", "status", env=cluster_env)
    assert before.returncode == 3
    assert "not initialised" in before.stdout

    started = run_cli("db", "start", env=cluster_env)
    assert started.returncode == 0, started.stderr
    assert "initialised a cluster in" in started.stdout
    assert f":{cluster_env['STOCKDB_PORT']}/stockdb" in started.stdout

    again = run_cli("db", "start", env=cluster_env)
    assert again.returncode == 0 and "already running" in again.stdout

    status = run_cli("db", "status", "--json", env=cluster_env)
    assert status.returncode == 0, status.stderr
    info = json.loads(status.stdout)
    assert info["running"] is True and info["pid"] > 0
    assert info["port"] == int(cluster_env["STOCKDB_PORT"])
    assert info["data_dir"].startswith(cluster_env["STOCKDB_HOME"])

    url = run_cli("db", "url", env=cluster_env).stdout.strip()
    assert url == info["url"]
    # A terminal or a CI log shows the URL without its password; `db url` prints it whole.
    password = conninfo_to_dict(url)["password"]
    shown = run_cli("db", "status", env=cluster_env).stdout
    assert password not in started.stdout + again.stdout + shown
    assert f"postgres:***@127.0.0.1:{cluster_env['STOCKDB_PORT']}/stockdb" in started.stdout + shown
    with psycopg.connect(url) as conn:
        preload = conn.execute("SHOW shared_preload_libraries").fetchone()[0]
        cron_db = conn.execute("SHOW cron.database_name").fetchone()[0]
        assert conn.execute("SELECT current_database()").fetchone()[0] == "stockdb"
        # Sorting by code point; letters, their case and words by Unicode.
        locale = conn.execute("SELECT datcollate, datctype FROM pg_database "
                              "WHERE datname = 'stockdb'").fetchone()
    assert locale == ("C", "C.UTF-8")
    assert {"pg_cron", "pg_stat_statements"} <= set(preload.replace(" ", "").split(","))
    assert cron_db == "stockdb"

    # psql with the password in its environment: its command line, which any user of
    # the machine reads, is shown by a shell psql starts (\!), through /proc.
    session = subprocess.run(
        [*STOCKDB, "db", "psql", "postgres"], capture_output=True, text=True, timeout=60,
        env={**os.environ, **cluster_env},
        input="SELECT current_database();\n\\! tr '\\0' ' ' < /proc/$PPID/cmdline\n",
        check=False,
    )
    assert session.returncode == 0, session.stderr
    assert " postgres\n" in session.stdout
    command_line = session.stdout.strip().splitlines()[-1]
    assert command_line.endswith(f"dbname=postgres host=127.0.0.1 port={info['port']}"), (
        command_line)
    assert conninfo_to_dict(url)["password"] not in command_line

    stopped = run_cli("db", "stop", env=cluster_env)
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    after = run_cli("db", "status", env=cluster_env)
    assert after.returncode == 3 and "stopped" in after.stdout

    destroyed = run_cli("db", "destroy", "--yes", env=cluster_env)
    assert destroyed.returncode == 0 and "destroyed" in destroyed.stdout
    assert not Path(info["data_dir"]).exists()


def test_two_commands_starting_the_cluster_at_once_both_get_it(cluster_env):
    """Every command starts the cluster when it is down: two at once both ran initdb, or
    both pg_ctl start, and one failed ('postmaster.pid already exists')."""
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda _: run_cli("db", "start", env=cluster_env), range(2)))
    assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
    said = sorted(r.stdout.splitlines()[-1].split(":")[0] for r in runs)
    assert said == ["already running", "started"], [r.stdout for r in runs]
    assert sum("initialised a cluster" in r.stdout for r in runs) == 1


def test_two_clusters_made_at_once_each_read_their_own_password(cluster_env, monkeypatch):
    """The clusters of a checkout share a directory, where initdb's password file had one
    name: a cluster made while another was (the crash tests' beside the main one) found
    the file removed by the other ('could not open file …/.initdb-password', clean-clone
    CI on 5b3fd2a), or read the other's password. Here the first waits, its file
    written, while the second is made whole; each then logs in with its own password."""
    monkeypatch.setenv("STOCKDB_HOME", cluster_env["STOCKDB_HOME"])
    first = Cluster("first", free_port(), tcp=True, fast_unsafe=True)
    second = Cluster("second", free_port(), tcp=True, fast_unsafe=True)
    first_waits, second_made = threading.Event(), threading.Event()
    run = Cluster._run

    def paused_run(self, args, check=True):
        if self.name == "first" and Path(args[0]).name == "initdb":
            first_waits.set()
            assert second_made.wait(60)
        return run(self, args, check)

    monkeypatch.setattr(Cluster, "_run", paused_run)
    try:
        with ThreadPoolExecutor(1) as pool:
            made = pool.submit(first.initialise)
            assert first_waits.wait(60)
            try:
                assert second.initialise()
            finally:
                second_made.set()
            assert made.result(120)
        for cluster in (first, second):
            cluster.start()
            with psycopg.connect(cluster.url()) as conn:
                assert conn.execute("SELECT current_setting('port')::integer").fetchone()[0] \
                    == cluster.port
        assert not list(Path(cluster_env["STOCKDB_HOME"]).rglob(".initdb-password*"))
    finally:
        for cluster in (first, second):
            cluster.destroy()

def test_a_start_stopped_once_initdb_is_done_leaves_nothing_taken_for_a_cluster(
    cluster_env, monkeypatch
):
    """initdb wrote the data directory in place and the settings were added after:
    a start stopped between the two (`timeout stockdb db start`, Ctrl-C) left a
    data directory every later start took for the cluster, started without its
    socket, and failed with 'connection is bad: … No such file or directory'."""
    monkeypatch.setenv("STOCKDB_HOME", cluster_env["STOCKDB_HOME"])
    cluster = Cluster("main", int(cluster_env["STOCKDB_PORT"]), tcp=True, fast_unsafe=False)
    run = Cluster._run

    def stopped_after_initdb(self, args, check=True):
        done = run(self, args, check)
        if Path(args[0]).name == "initdb":
            raise KeyboardInterrupt
        return done

    monkeypatch.setattr(Cluster, "_run", stopped_after_initdb)
    with pytest.raises(KeyboardInterrupt):
        cluster.initialise()
    monkeypatch.setattr(Cluster, "_run", run)  # not undo(): STOCKDB_HOME stays set
    assert not cluster.data_dir.exists()
    assert [p.name for p in cluster.base_dir.iterdir()] == []

    started = run_cli("db", "start", env=cluster_env)
    assert started.returncode == 0, started.stderr
    assert "initialised a cluster in" in started.stdout
    with psycopg.connect(run_cli("db", "url", env=cluster_env).stdout.strip()) as conn:
        assert conn.execute("SELECT current_database()").fetchone()[0] == "stockdb"


def test_a_data_directory_an_older_initdb_left_half_made_is_one_clear_line(cluster_env):
    """What an older stockdb left when stopped as above: named, with the way out."""
    data = Path(cluster_env["STOCKDB_HOME"]) / CHECKOUT_KEY / "main"
    data.mkdir(parents=True)
    (data / "PG_VERSION").write_text("15\n")
    (data / "postgresql.conf").write_text("# Add settings for extensions here\n")
    for argv in (("db", "start"), ("migrate",)):
        line = one_line_error(run_cli(*argv, env=cluster_env))
        assert line == (
            f"stockdb: {data} was left half made (its postgresql.conf has no stockdb settings:"
            " an initdb stopped part way): run `stockdb db destroy --yes`, then `stockdb db start`"
        )
    assert run_cli("db", "destroy", "--yes", env=cluster_env).returncode == 0
    assert run_cli("db", "start", env=cluster_env).returncode == 0


def test_status_of_a_cluster_without_its_record_says_so(cluster_env):
    """A start stopped before it wrote the record, or a record deleted: `db status`
    ended in a TypeError traceback, and said the data was owned by None."""
    assert run_cli("db", "start", env=cluster_env).returncode == 0
    record = Path(cluster_env["STOCKDB_HOME"]) / CHECKOUT_KEY / "main.json"
    record.unlink()
    status = run_cli("db", "status", env=cluster_env)
    assert status.returncode == 0, status.stderr
    owner = "postgres" if os.geteuid() == 0 else None
    assert f"(owned by {owner or os.environ.get('USER')})" in status.stdout, status.stdout
    assert "url:      not recorded (`stockdb db start` records it, new password)" in (
        status.stdout)
    assert run_cli("db", "start", env=cluster_env).returncode == 0
    assert "(whole: stockdb db url)" in run_cli("db", "status", env=cluster_env).stdout


def test_port_taken_is_one_clear_line(cluster_env):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", int(cluster_env["STOCKDB_PORT"])))
        squatter.listen()
        result = run_cli("db", "start", env=cluster_env)
    line = one_line_error(result)
    assert f"port {cluster_env['STOCKDB_PORT']} on 127.0.0.1 is taken" in line


def test_port_left_in_time_wait_is_free(cluster_env):
    # A server that closes its connections first (as a fast shutdown does)
    # leaves them in TIME_WAIT on its port for a minute; a restart must not
    # take that for another process listening there.
    port = int(cluster_env["STOCKDB_PORT"])
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen()
        with socket.create_connection(("127.0.0.1", port)) as client:
            served, _ = listener.accept()
            served.close()
            assert client.recv(1) == b""
    with socket.socket() as probe, pytest.raises(OSError):
        probe.bind(("127.0.0.1", port))
    started = run_cli("db", "start", env=cluster_env)
    assert started.returncode == 0, started.stderr


def test_missing_postgresql_binaries_is_one_clear_line(cluster_env):
    result = run_cli("db", "start", env={**cluster_env, "STOCKDB_PG_BINDIR": "/nonexistent"})
    line = one_line_error(result)
    assert "PostgreSQL 15 server binaries not found in /nonexistent" in line


def test_destroy_without_yes_and_without_a_terminal_deletes_nothing(cluster_env):
    assert run_cli("db", "start", env=cluster_env).returncode == 0
    result = run_cli("db", "destroy", env=cluster_env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert run_cli("db", "status", env=cluster_env).returncode == 0


def test_cluster_is_found_again_when_its_record_is_lost(cluster_env):
    assert run_cli("db", "start", env=cluster_env).returncode == 0
    info = json.loads(run_cli("db", "status", "--json", env=cluster_env).stdout)
    assert run_cli("db", "stop", env=cluster_env).returncode == 0
    records = list(Path(cluster_env["STOCKDB_HOME"]).rglob("main.json"))
    assert len(records) == 1
    records[0].unlink()

    again = run_cli("db", "start", env=cluster_env)
    assert again.returncode == 0, again.stderr
    assert "initialised" not in again.stdout, "the existing data was not reused"
    url = run_cli("db", "url", env=cluster_env).stdout.strip()
    assert url != info["url"], "a new password was expected"
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)


@pytest.mark.parametrize("damage", ["lost", "empty", "cut short", "not a record"])
def test_running_cluster_is_found_again_when_its_record_is_lost_or_damaged(cluster_env, damage):
    """A record cut short (a full disk, a crash) ended every command in a
    JSONDecodeError traceback."""
    assert run_cli("db", "start", env=cluster_env).returncode == 0
    (record,) = Path(cluster_env["STOCKDB_HOME"]).rglob("main.json")
    if damage == "lost":
        record.unlink()
    else:
        text = record.read_text()
        record.write_text({"empty": "", "cut short": text[: len(text) // 2],
                           "not a record": "[]"}[damage])

    again = run_cli("db", "start", env=cluster_env)
    assert again.returncode == 0, again.stderr
    assert "already running" in again.stdout
    url = run_cli("db", "url", env=cluster_env).stdout.strip()
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    assert record.stat().st_mode & 0o777 == 0o600, "it holds the password"


def test_a_cluster_under_a_path_with_a_space_starts_and_gives_urls_libpq_reads(cluster_env):
    """A space in STOCKDB_HOME (or, without it, in the checkout's path, where a
    user's clusters live) made `db start` fail with libpq's "unexpected spaces
    found" after the server had started, and every later start found it
    "already running" without its stockdb database. `db url NAME` gave a URL
    that named another database for a name holding / or ?."""
    home = Path(cluster_env["STOCKDB_HOME"]) / "my stock"
    home.mkdir()
    home.chmod(0o755)
    env = {**cluster_env, "STOCKDB_HOME": str(home)}
    try:
        started = run_cli("db", "start", env=env)
        assert started.returncode == 0, started.stderr
        url = run_cli("db", "url", env=env).stdout.strip()
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT current_database()").fetchone() == ("stockdb",)
        other = run_cli("db", "url", "a b/c?d", env=env).stdout.strip()
        assert conninfo_to_dict(other)["dbname"] == "a b/c?d"

        # A start that stopped after the server started, before its record and database.
        with psycopg.connect(run_cli("db", "url", "postgres", env=env).stdout.strip(),
                             autocommit=True) as conn:
            # WITH (FORCE): pg_cron's scheduler may be connected to it.
            conn.execute("DROP DATABASE stockdb WITH (FORCE)")
        (record,) = home.rglob("main.json")
        record.unlink()
        again = run_cli("db", "start", env=env)
        assert again.returncode == 0 and "already running" in again.stdout, again.stderr
        with psycopg.connect(run_cli("db", "url", env=env).stdout.strip()) as conn:
            assert conn.execute("SELECT current_database()").fetchone() == ("stockdb",)
    finally:
        run_cli("db", "destroy", "--yes", env=env)


def test_a_cluster_directory_whose_name_is_not_utf8_is_one_clear_line(cluster_env):
    """Under a STOCKDB_HOME named in latin-1 every command ended in a traceback
    (UnicodeEncodeError). Nor could a server there be reached: its socket's
    path goes in a URL, which psycopg reads as UTF-8. Now each command says so
    in one line, before it makes anything."""
    home = Path(cluster_env["STOCKDB_HOME"]) / os.fsdecode(b"entrep\xf4t")
    home.mkdir()
    env = {**cluster_env, "STOCKDB_HOME": str(home)}
    for command in (["db", "start"], ["db", "status"], ["migrate"]):
        line = one_line_error(run_cli(*command, env=env))
        assert line.endswith("the embedded cluster needs a directory whose name is UTF-8 text "
                             "(its socket's path goes in a connection URL): set STOCKDB_HOME to "
                             "one"), line
    assert list(home.iterdir()) == []


def _scheduler_check(env: dict) -> list:
    ran = run_cli("check", "--skip-integrity", "--json", env=env)
    scheduler = next(c for c in json.loads(ran.stdout)["checks"] if c["check_name"] == "scheduler")
    return [ran.returncode, scheduler["status"], scheduler["detail"]]


def test_a_restore_over_the_cron_database_ends_pg_crons_scheduler_and_says_so(cluster_env):
    """pg_cron 1.4 does not start its scheduler again once its process is terminated, and
    the restore's swap of databases terminates it: the jobs stayed scheduled, none ran, and
    check said ok. Now the restore warns and check fails until the server restarts."""
    assert run_cli("db", "start", env=cluster_env).returncode == 0
    migrated = run_cli("migrate", env=cluster_env)
    assert migrated.returncode == 0, migrated.stderr
    url = run_cli("db", "url", env=cluster_env).stdout.strip()
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT ops.pg_cron_scheduler_running()").fetchone()[0] is True
    assert _scheduler_check(cluster_env)[:2] == [0, "ok"]

    directory = Path(cluster_env["STOCKDB_HOME"]) / "backups"
    env = {**cluster_env, "STOCKDB_BACKUP_DIR": str(directory)}
    created = run_cli("backup", "create", "--json", env=env)
    assert created.returncode == 0, created.stderr
    backup_id = json.loads(created.stdout)["id"]
    restored = run_cli("backup", "restore", backup_id, "--target-db", "stockdb", "--force",
                       env=env)
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.splitlines()[1] == (
        "warning: pg_cron's scheduler is not running in stockdb (a restore over its database "
        "ends it), so no job starts until PostgreSQL restarts (the embedded cluster: stockdb "
        "db stop, then stockdb db start)")
    assert _scheduler_check(cluster_env) == [
        1, "failed", "pg_cron's scheduler is not running: no job starts"]

    # A restore beside it leaves the scheduler alone and says nothing of it.
    assert run_cli("db", "stop", env=cluster_env).returncode == 0
    assert run_cli("db", "start", env=cluster_env).returncode == 0
    beside = run_cli("backup", "restore", backup_id, "--target-db", "copy", "--json", env=env)
    assert json.loads(beside.stdout)["scheduler_stopped"] is False
    assert _scheduler_check(cluster_env)[:2] == [0, "ok"]


def test_a_server_tool_that_fails_is_quoted_by_the_line_that_says_why():
    """initdb on a full disk (by hand, a STOCKDB_HOME on a 30 MiB tmpfs) ended its output
    with `initdb: removing data directory …`, and that line was all `stockdb db start`
    said: `initdb failed: initdb: removing data directory …`."""
    said = ("performing post-bootstrap initialization ... 2026-12-07 16:45:38.183 UTC [30314] "
            'FATAL:  could not write to file "base/4/1247": No space left on device')
    script = (f"echo 'running bootstrap script ... ok'; echo '{said}' >&2; "
              "echo 'child process exited with exit code 1' >&2; "
              "echo 'initdb: removing data directory \"/x\"' >&2; exit 1")
    with pytest.raises(StockdbError) as failed:
        Cluster.main().run(["/bin/sh", "-c", script])
    assert str(failed.value) == f"sh failed: {said}"
    with pytest.raises(StockdbError) as failed:
        Cluster.main().run(["/bin/sh", "-c", "echo one; echo 'the last line' >&2; exit 3"])
    assert str(failed.value) == "sh failed: the last line", "without an error line, the last"


def test_a_long_log_is_set_aside_at_the_next_start(cluster_env):
    """pg_ctl -l appends, and nothing trimmed a cluster's log: the test cluster of
    a checkout CI ran in had a log of 7.5 GB."""
    assert run_cli("db", "start", env=cluster_env).returncode == 0
    info = json.loads(run_cli("db", "status", "--json", env=cluster_env).stdout)
    assert run_cli("db", "stop", env=cluster_env).returncode == 0
    log = Path(info["log_file"])
    aside = log.with_name(log.name + ".1")
    short = log.stat().st_size
    assert 0 < short < LOG_SET_ASIDE_BYTES and not aside.exists()
    # Under the limit it stays where it is, and the start adds to it.
    assert run_cli("db", "start", env=cluster_env).returncode == 0
    assert run_cli("db", "stop", env=cluster_env).returncode == 0
    assert log.stat().st_size > short and not aside.exists()
    # Grown past the limit (sparse, so the test writes nothing).
    os.truncate(log, LOG_SET_ASIDE_BYTES)
    started = run_cli("db", "start", env=cluster_env)
    assert started.returncode == 0, started.stderr
    assert aside.stat().st_size == LOG_SET_ASIDE_BYTES
    assert log.stat().st_size < 1024 * 1024
    assert "database system is ready to accept connections" in log.read_text()
    assert run_cli("db", "destroy", "--yes", env=cluster_env).returncode == 0
    assert not log.exists() and not aside.exists()


def test_the_reason_a_start_failed_is_read_from_the_end_of_a_long_log(tmp_path):
    """A failed start's line was looked for in the whole log, read into memory as
    text and again as its lines."""
    log = tmp_path / "main.log"
    with log.open("wb") as f:
        f.write(b"2026-12-01 LOG:  an old start\n2026-12-01 FATAL:  an old failure\n")
        f.truncate(256 * 1024 * 1024)
        f.seek(0, os.SEEK_END)
        f.write(b"\n2026-12-08 LOG:  starting PostgreSQL 15\n"
                b'2026-12-08 FATAL:  could not create lock file "postmaster.pid"\n'
                b"2026-12-08 LOG:  database system is shut down\n")
    tracemalloc.start()
    try:
        said = last_log_line(log)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert said == '2026-12-08 FATAL:  could not create lock file "postmaster.pid"'
    assert peak < 16 * 1024 * 1024, f"{peak:,} bytes held reading a 256 MiB log"
    # A log shorter than what is read is read whole, its first line too.
    short = tmp_path / "short.log"
    short.write_text("FATAL:  the only reason\nLOG:  shut down\n")
    assert last_log_line(short) == "FATAL:  the only reason"
