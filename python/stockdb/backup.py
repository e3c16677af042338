"""Backups you can trust: create, verify by restoring, list, prune, restore.

A backup is a directory `<dir>/<id>/` holding a `pg_dump -Fd` dump and a
manifest.json. The manifest records what the database held when the dump
was taken: every table's row count and a checksum computed in SQL, taken in
the very snapshot pg_dump reads (pg_export_snapshot), so a verify that
restores the dump must find exactly those numbers. A backup is written under
a hidden `.<id>.partial` name and renamed only when complete: a failed
create leaves nothing behind.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from . import __version__
from .cluster import (
    SUPERUSER,
    Cluster,
    last_log_line,
    pg_bindir,
    pg_tool,
    read_log,
    telling_line,
    tool_environment,
)
from .db import connect, drop_database, local_data_directory, tool_connection, with_dbname
from .errors import StockdbError
from .files import path_text, shown_path, sync, sync_tree

MANIFEST = "manifest.json"
DUMP_DIR = "dump"
FORMAT_VERSION = 1
Progress = Callable[[str], None]
# The port of a base backup's copy started by verify: on its own socket
# directory, so it meets no other server.
VERIFY_PORT = 5432

# Row text must not depend on the session: the checksum of a timestamptz
# would otherwise change with TimeZone.
CHECKSUM_SETTINGS = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, YMD",
    "IntervalStyle": "postgres",
    "extra_float_digits": "1",
    "bytea_output": "hex",
}

# Every table whose rows a restore brings back. pg_cron's tables are not
# restored (the extension lives only in cron.database_name; ops.cron_job
# re-registers the jobs), so they are not counted either.
TABLES = """
    SELECT n.nspname, c.relname
    FROM pg_class AS c
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relpersistence = 'p'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'cron')
      AND n.nspname NOT LIKE 'pg\\_%'
    ORDER BY 1, 2
"""
# hashtextextended is the 64-bit hash hash partitioning relies on, so it is
# stable across servers and upgrades; summed (as numeric) it needs no sort
# and ignores where rows sit on disk. md5 cost half as much again.
CHECKSUM_METHOD = "sum(hashtextextended(row::text, 0))"
ROW_CHECKSUM = "SELECT count(*), coalesce(sum(hashtextextended(t::text, 0)), 0)::text FROM {} AS t"

# TOC entries of pg_cron: the extension itself, its comment, and the data of
# its tables, which belong to the cron database only.
CRON_TOC = re.compile(r"EXTENSION - pg_cron\b|EXTENSION pg_cron\b|^\d+; \d+ \d+ (?:[A-Z]+ )+cron ")


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def backup_dir(directory: str | Path | None) -> Path:
    path = Path(directory or os.environ.get("STOCKDB_BACKUP_DIR") or "backups").absolute()
    # --dir refuses a file itself; STOCKDB_BACKUP_DIR naming one was listed as
    # "no backup directory (no backup was made there)" and written to as "File exists".
    if path.exists() and not path.is_dir():
        raise StockdbError(f"backup directory {path} is a file, not a directory "
                           "(check --dir or STOCKDB_BACKUP_DIR)")
    return path


def _ensure_writable(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        sync(directory.parent)  # the directory's own name, when made here
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise StockdbError(
            f"backup directory {directory} is not writable: {exc.strerror or exc}"
        ) from None


def _slug(label: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", label.lower()).strip("-")[:40]
    if not slug:
        raise StockdbError(f"--label {label!r} has no letters or digits to name the backup by")
    return slug


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _file_checksums(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): _sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


def _size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def _jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))


# -- checksums ------------------------------------------------------------------------


def table_checksums(conn: psycopg.Connection) -> dict[str, dict]:
    """Row count and an order-independent checksum of every table, in SQL.

    See CHECKSUM_METHOD; the session settings that shape a row's text are fixed.
    """
    for name, value in CHECKSUM_SETTINGS.items():
        conn.execute("SELECT set_config(%s, %s, true)", [name, value])
    result = {}
    for schema, name in conn.execute(TABLES).fetchall():
        query = sql.SQL(ROW_CHECKSUM).format(sql.Identifier(schema, name))
        rows, checksum = conn.execute(query).fetchone()
        table = f"{schema}.{name}"
        result[table] = {"rows": rows, "checksum": checksum}
    return result


def _schema_state(conninfo: str, unknown: bool = False) -> dict:
    from .migrate import Migrator

    with Migrator(conninfo) as m:
        status = m.status()
    migrations = status["migrations"]
    # The database's newest migration, one a newer stockdb applied included: a
    # backup an older checkout took of it recorded the older one's newest.
    applied = sorted([x["id"] for x in migrations if x["state"].startswith("applied")]
                     + status["unknown_applied"])
    state = {
        "schema_version": applied[-1] if applied else None,
        "pending_migrations": [x["id"] for x in migrations if x["state"] == "pending"],
    }
    # Not in a manifest, whose keys stay as they were.
    return {**state, "unknown_migrations": status["unknown_applied"]} if unknown else state


def _has_backup_table(conn: psycopg.Connection) -> bool:
    return conn.execute("SELECT to_regclass('ops.backup') IS NOT NULL").fetchone()[0]


# -- create ---------------------------------------------------------------------------


def _take(
    conninfo: str,
    directory: Path,
    label: str | None,
    kind: str,
    write: Callable[[Path, str, datetime, dict], dict],
) -> dict:
    """What every backup shares: its id, the hidden partial directory renamed
    only when `write` finished the manifest, and its row in ops.backup."""
    _ensure_writable(directory)

    def in_database(backup_id: str) -> bool:
        """Whether the database has a backup of this id (made into another directory)."""
        with connect(conninfo, autocommit=True) as conn:
            return _has_backup_table(conn) and conn.execute(
                "SELECT EXISTS (SELECT FROM ops.backup WHERE id = %s)", [backup_id]
            ).fetchone()[0]

    backup_id, started, lock = _claim_id(directory, label, in_database)
    final, partial = directory / backup_id, directory / f".{backup_id}.partial"
    try:
        schema = _schema_state(conninfo)
        with connect(conninfo, autocommit=True) as log:
            recorded = _has_backup_table(log)
            if recorded:
                log.execute(
                    "INSERT INTO ops.backup (id, kind, label, directory, schema_version) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [backup_id, kind, label, path_text(directory), schema["schema_version"]],
                )
                # Held while the backup runs: ops.backup_health counts a running
                # dump that no session holds as failed (killed outright, it
                # stayed running, and its death went unreported).
                log.execute("SELECT pg_catalog.pg_advisory_lock(pg_catalog.hashtextextended("
                            "'stockdb backup ' || %s, 0))", [backup_id])
            try:
                manifest = write(partial, backup_id, started, schema)
                # On disk before it is named, and named before it is recorded
                # ok: pg_dump and pg_basebackup sync their own files, but not
                # the manifest, mongodump's files or the rename, which a crash
                # of the machine could lose after the backup was said made.
                sync_tree(partial)
                partial.rename(final)
                sync(directory)
            except BaseException as exc:
                if recorded:
                    log.execute(
                        "UPDATE ops.backup SET status = 'failed', finished_at = now(), error = %s "
                        "WHERE id = %s",
                        [str(exc)[:2000] or type(exc).__name__, backup_id],
                    )
                raise
            if recorded:
                log.execute(
                    "UPDATE ops.backup SET status = 'ok', finished_at = %s, size_bytes = %s "
                    "WHERE id = %s",
                    [manifest["finished_at"], manifest["size_bytes"], backup_id],
                )
        manifest["path"] = str(final)
        return manifest
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        # Gone before it is unlocked: a backup that locked this file meanwhile
        # finds it is no longer the one at its path, and claims again.
        (directory / f".{backup_id}.lock").unlink(missing_ok=True)
        os.close(lock)


def _claim_id(
    directory: Path, label: str | None, in_database: Callable[[str], bool]
) -> tuple[str, datetime, int]:
    """A backup id no other backup has or is making, with the lock that holds it.

    Ids are to the second, and backups of two databases into one directory
    started in the same second took the same one: the second deleted the
    first's half-written dump to start its own in the same place, and one of
    them failed (pg_dump's files gone, or the directory made twice). A backup now
    holds its id by an flock on a lock file beside it while it runs; one that
    finds its id held, or already made (here, or into another directory, as
    the database's ops.backup says), takes the next second's. A half-written
    dump no one holds is a dead run's and is cleared. The lock file goes when
    its backup ends, made or failed."""
    while True:
        started = _now()
        backup_id = started.strftime("%Y%m%dT%H%M%SZ") + (f"-{_slug(label)}" if label else "")
        path = directory / f".{backup_id}.lock"
        lock = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(lock)
        else:
            try:
                current = os.stat(path).st_ino == os.fstat(lock).st_ino
            except FileNotFoundError:
                current = False
            if not current:
                os.close(lock)
                continue
            if not (directory / backup_id).exists() and not in_database(backup_id):
                partial = directory / f".{backup_id}.partial"
                shutil.rmtree(partial, ignore_errors=True)
                partial.mkdir()
                return backup_id, started, lock
            path.unlink()
            os.close(lock)
        time.sleep(1.0 - started.microsecond / 1_000_000)


def create(
    conninfo: str,
    directory: Path,
    label: str | None = None,
    progress: Progress | None = None,
    lock_wait_seconds: int = 60,
    mongo: bool = False,
) -> dict:
    say = progress or (lambda _m: None)
    if mongo:
        _check_mongodump()

    def write(partial: Path, backup_id: str, started: datetime, schema: dict) -> dict:
        return _dump(
            conninfo, partial, backup_id, label, schema, started, say, lock_wait_seconds, mongo
        )

    return _take(conninfo, directory, label, "dump", write)


def _dump(conninfo, partial, backup_id, label, schema, started, say, lock_wait_seconds, mongo):
    with connect(conninfo) as snap:
        snap.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snap.execute("SELECT set_config('lock_timeout', %s, true)", [f"{lock_wait_seconds}s"])
        snapshot = snap.execute("SELECT pg_export_snapshot()").fetchone()[0]
        server = snap.execute("SHOW server_version").fetchone()[0]
        database, database_bytes = snap.execute(
            "SELECT current_database(), pg_database_size(current_database())").fetchone()
        locale = _locale(snap)
        say("counting rows and checksumming every table")
        try:
            tables = table_checksums(snap)
        except psycopg.errors.LockNotAvailable:
            raise StockdbError(
                f"a table stayed locked for {lock_wait_seconds} s; nothing was written "
                "(raise --lock-wait-seconds, or back up after the lock holder finishes)"
            ) from None
        say(f"dumping {len(tables)} tables with pg_dump -Fd -j {_jobs()}")
        _run_pg_dump(conninfo, partial / DUMP_DIR, snapshot, lock_wait_seconds, len(tables), say)
        snap.rollback()
    mongo_record = _mongodump(partial, say) if mongo else None
    say("checksumming the files")
    files = _file_checksums(partial)
    manifest = {
        "format_version": FORMAT_VERSION,
        "id": backup_id,
        "label": label,
        "kind": "dump",
        "stockdb_version": __version__,
        "database": database,
        # What a restore of it takes in a server: _require_room.
        "database_bytes": database_bytes,
        "locale": locale,
        "postgresql_version": server,
        **schema,
        "started_at": _iso(started),
        "finished_at": _iso(_now()),
        "size_bytes": _size(partial),
        "checksum_method": CHECKSUM_METHOD,
        "tables": tables,
        "files": files,
        "mongo": mongo_record,
        "verification": None,
    }
    _write_manifest(partial, manifest)
    return manifest


@contextmanager
def _child(args: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen]:
    """A tool whose progress is read from its stderr (in English: tool_environment),
    killed if this process stops first (SIGTERM, Ctrl-C, an error): left running,
    it went on writing into a backup directory being removed."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=tool_environment(env))
    try:
        yield proc
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    finally:
        proc.stderr.close()


def _run_pg_dump(conninfo, target, snapshot, lock_wait_seconds, tables, say) -> None:
    conninfo, env = tool_connection(conninfo)
    args = [
        pg_tool("pg_dump"),
        "--format=directory",
        f"--jobs={_jobs()}",
        f"--file={target}",
        f"--snapshot={snapshot}",
        f"--lock-wait-timeout={lock_wait_seconds}s",
        "--verbose",
        f"--dbname={conninfo}",
    ]
    done, errors, last = 0, [], 0.0
    with _child(args, env) as proc:
        for line in proc.stderr:
            if ("dumping contents of table" in line
                    or "finished item" in line and "TABLE DATA" in line):
                done += 1
                if time.monotonic() - last > 2:
                    say(f"dumped {min(done, tables)}/{tables} tables")
                    last = time.monotonic()
            elif "error" in line.lower():
                errors.append(line.strip())
        proc.wait()
    if proc.returncode != 0:
        detail = errors[0] if errors else f"exit status {proc.returncode}"
        raise StockdbError(f"pg_dump failed, nothing was kept: {detail}")


def _check_mongodump() -> None:
    if not shutil.which("mongodump") or not os.environ.get("MONGODB_URL"):
        raise StockdbError("--mongo needs mongodump on PATH and MONGODB_URL set")


def _mongodump(partial: Path, say: Progress) -> dict:
    say("dumping MongoDB with mongodump")
    target = partial / "mongo"
    # The URL carries the password: in a file only we can read (mkstemp makes
    # it 0600), not on mongodump's command line, which any local user can.
    # A JSON string is a YAML double-quoted one.
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as config:
        config.write(f"uri: {json.dumps(os.environ['MONGODB_URL'])}\n")
    try:
        ran = subprocess.run(
            [
                shutil.which("mongodump") or "mongodump",
                f"--config={config.name}",
                f"--out={target}",
                "--gzip",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        os.unlink(config.name)
    if ran.returncode != 0:
        lines = (ran.stderr or "").strip().splitlines()
        raise StockdbError(f"mongodump failed, nothing was kept: {lines[-1] if lines else ''}")
    return {"tool": "mongodump", "path": "mongo", "size_bytes": _size(target)}


def _write_manifest(root: Path, manifest: dict) -> None:
    """The manifest, in place whole or not at all, also across a crash of the machine."""
    tmp = root / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n")
    sync(tmp)
    tmp.replace(root / MANIFEST)
    sync(root)


# -- base backups (point-in-time recovery) -------------------------------------------


def create_base(
    conninfo: str, directory: Path, label: str | None = None, progress: Progress | None = None
) -> dict:
    """A pg_basebackup of the whole cluster (plain format, WAL streamed into it).

    With WAL archiving on (README: point-in-time recovery) it is the starting
    point to replay archived WAL to any moment after it. pg_basebackup's own
    backup_manifest lists every file with a checksum; pg_verifybackup checks it.
    """
    say = progress or (lambda _m: None)

    def write(partial: Path, backup_id: str, started: datetime, schema: dict) -> dict:
        with connect(conninfo) as conn:
            server = conn.execute("SHOW server_version").fetchone()[0]
        say("pg_basebackup -Fp -X stream (checkpoint first)")
        tool_conninfo, env = tool_connection(conninfo)
        args = [
            pg_tool("pg_basebackup"),
            f"--pgdata={partial / 'base'}",
            "--format=plain",
            "--wal-method=stream",
            "--checkpoint=fast",
            f"--label=stockdb {backup_id}",
            "--progress",
            f"--dbname={tool_conninfo}",
        ]
        last, said = 0.0, []
        with _child(args, env) as proc:
            for line in proc.stderr:
                said.append(line)
                if "kB" in line and time.monotonic() - last > 2:
                    say(line.strip())
                    last = time.monotonic()
            proc.wait()
        if proc.returncode != 0:
            # Its last line is its clean-up (`removing data directory …`); the
            # error before it says why (a full disk, by hand).
            why = telling_line("".join(said), f"exit status {proc.returncode}", first=True)
            raise StockdbError(f"pg_basebackup failed, nothing was kept: {why}")
        manifest = {
            "format_version": FORMAT_VERSION,
            "id": backup_id,
            "label": label,
            "kind": "base",
            "stockdb_version": __version__,
            "postgresql_version": server,
            **schema,
            "started_at": _iso(started),
            "finished_at": _iso(_now()),
            "size_bytes": _size(partial),
            "tables": {},
            # pg_basebackup checksums every file in base/backup_manifest.
            "files": {"base/backup_manifest": _sha256(partial / "base" / "backup_manifest")},
            "mongo": None,
            "verification": None,
        }
        _write_manifest(partial, manifest)
        return manifest

    return _take(conninfo, directory, label, "base", write)


def _verify_base(root: Path, result: dict, say: Progress) -> None:
    say("pg_verifybackup: every file against backup_manifest, and the WAL")
    ran = subprocess.run(
        [pg_tool("pg_verifybackup"), str(root / "base")],
        capture_output=True,
        text=True,
        check=False,
    )
    if ran.returncode != 0:
        lines = [x for x in (ran.stderr or ran.stdout).strip().splitlines() if x]
        result["problems"] += lines[:20] or [f"pg_verifybackup exit status {ran.returncode}"]


def _require_reachable(cluster: Cluster, path: Path, remedy: str) -> None:
    """path, an empty directory made for a server, handed to the cluster's OS user, who
    must be able to enter and write it: as root the server runs as postgres, who
    cannot pass a private directory on the way (TMPDIR=/root/tmp). A copy was
    then made in vain and its start failed as 'no log written', which verify
    recorded against a sound backup."""
    if not cluster.run_as:
        return
    shutil.chown(path, cluster.run_as, cluster.run_as)
    test = shutil.which("test") or "/usr/bin/test"
    if cluster.run([test, "-w", str(path), "-a", "-x", str(path)], check=False).returncode:
        raise StockdbError(f"the server's OS user {cluster.run_as} cannot enter "
                           f"{shown_path(path.parent)}: {remedy}")


def _why_not_started(log: Path, pg_ctl: subprocess.CompletedProcess) -> str:
    """The server log's line saying why, else pg_ctl's own (when it could not write the log)."""
    if log.exists():
        return last_log_line(log)
    said = [x for x in (pg_ctl.stderr or pg_ctl.stdout or "").strip().splitlines() if x.strip()]
    return said[-1].strip() if said else "no log written"


class NoRoom(StockdbError):
    """The disk a backup is to be copied or restored to has no room for it: the
    machine's shortage, not a fault of the backup, so a verify records nothing."""

    @classmethod
    def unless(cls, where: str, free: int, what: str, needed: int, remedy: str,
               about: bool = False) -> None:
        """Raised, naming the room there and the room needed, when free < needed."""
        if free < needed:
            raise cls(f"{where} has {free / 2**20:.1f} MiB free, and {what} needs "
                      f"{'about ' if about else ''}{needed / 2**20:.1f} MiB: {remedy}")


# What a copy of a base backup needs beyond the backup's own files to start: the
# WAL segments its recovery writes (16 MiB each).
ROOM_TO_START = 64 * 2**20


class _CopyStopped(Exception):  # noqa: N818 - carries the copy's first OSError out of copytree
    """Not an OSError, so shutil.copytree stops at the first file it cannot copy instead
    of trying every other and raising all their errors as one message."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _copy_or_stop(src: str, dst: str) -> str:
    try:
        return shutil.copy2(src, dst)
    except OSError as exc:
        raise _CopyStopped(exc) from exc


def data_dir_from_base(root: Path, target: Path, settings: dict[str, str], comment: str,
                       owner: str | None, room: tuple[Path, str],
                       recovery_signal: bool = False) -> None:
    """A data directory at target (absent, or an empty directory) made from base backup
    root: settings appended to its postgresql.auto.conf, owned by owner (the server's
    OS user when we are root), mode 700. room is the directory to name (the one the
    user chose) and what to do when target's disk has no room for the copy: NoRoom.
    Before, the copy ran into ENOSPC and shutil.copytree went on through every file,
    each failing, then raised all their errors as one message (1.4 MB for a 1.5 GiB
    cluster), which verify recorded against a sound backup."""
    where, remedy = room
    needed = _size(root / "base") + ROOM_TO_START
    NoRoom.unless(shown_path(where),
                  shutil.disk_usage(target if target.exists() else target.parent).free,
                  f"a copy of base backup {root.name}", needed, remedy)
    try:
        shutil.copytree(root / "base", target, dirs_exist_ok=True, copy_function=_copy_or_stop)
    except _CopyStopped as stopped:
        if stopped.error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise NoRoom(f"{shown_path(where)} ran out of room for a copy of base backup "
                         f"{root.name} ({needed / 2**20:.1f} MiB): {remedy}") from None
        raise stopped.error from None
    except shutil.Error as exc:
        # What copytree collects besides files: a directory it could not make.
        failures = exc.args[0]
        raise OSError(f"{failures[0][2]} (and {len(failures) - 1} more)"
                      if len(failures) > 1 else failures[0][2]) from None
    if recovery_signal:
        (target / "recovery.signal").touch()
    with open(target / "postgresql.auto.conf", "a") as f:
        f.write(f"# {comment}\n")
        for key, value in settings.items():
            quoted = value.replace("'", "''")
            f.write(f"{key} = '{quoted}'\n")
    if owner:
        for path in [target, *target.rglob("*")]:
            shutil.chown(path, owner, owner)
    target.chmod(0o700)


def _start_base_copy(conninfo: str, root: Path, result: dict, say: Progress) -> None:
    """Starts a copy of a base backup, as a recovery would, and runs
    ops.check_integrity() in it. pg_verifybackup vouches for the files, not that
    a server starts on them: a backup taken from a cluster whose configuration
    names what this machine lacks, or whose WAL does not bring it to a
    consistent state, passed it and was still no backup."""
    cluster = Cluster.main()
    pg_ctl = str(pg_bindir() / "pg_ctl")
    _clear_abandoned_copies(cluster, pg_ctl, say)
    # Under TMPDIR: the server's OS user must reach it, and a backup directory
    # (a pytest tmp_path, a private /root/backups) may not let it.
    scratch = Path(tempfile.mkdtemp(prefix="stockdb-verify-"))
    # Held to the end: _clear_abandoned_copies leaves a locked copy alone.
    held = os.open(scratch, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        _verify_base_copy(conninfo, root, result, say, cluster, pg_ctl, scratch)
    finally:
        os.close(held)


# How long a copy's directory must have been left unchanged before a copy
# without its lock is taken for abandoned: one just made has no lock yet.
ABANDONED_AFTER_SECONDS = 60


def _clear_abandoned_copies(cluster: Cluster, pg_ctl: str, say: Progress) -> None:
    """Stops and deletes the copies of base backups that verifies killed outright
    (SIGKILL, the out-of-memory killer) left: the copy's server went on running,
    a whole cluster under TMPDIR, until the machine restarted, and its files
    stayed after that. One whose verify runs holds a lock on its directory."""
    for scratch in sorted(Path(tempfile.gettempdir()).glob("stockdb-verify-*")):
        try:
            if time.time() - scratch.stat().st_mtime < ABANDONED_AFTER_SECONDS:
                continue
            lock = os.open(scratch, os.O_RDONLY)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            say(f"stopping and deleting {scratch}, left by a verify that was killed")
            if (scratch / "data" / "postmaster.pid").exists():
                cluster.run([pg_ctl, "stop", "-m", "immediate", "-D", str(scratch / "data")],
                            check=False)
            shutil.rmtree(scratch, ignore_errors=True)
        finally:
            os.close(lock)


def _verify_base_copy(conninfo: str, root: Path, result: dict, say: Progress, cluster: Cluster,
                      pg_ctl: str, scratch: Path) -> None:
    """_start_base_copy's work, in the scratch directory it holds."""
    data = scratch / "data"
    try:
        # Before the copy, and not one of the backup's problems: nothing is recorded.
        _require_reachable(cluster, scratch, "set TMPDIR to a directory it can enter, such as "
                                             "/tmp; no verification was recorded")
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    try:
        say(f"starting a copy of it in {scratch}")
        # Its own socket, no TCP and no archiving: the copy serves this check
        # only. No pg_cron either, or it would run the cluster's jobs in it.
        # Its own pg_hba.conf lets the check in whatever the cluster's asks
        # (peer, a password): the socket is in a directory only the server's
        # OS user (and root) can enter.
        hba = scratch / "pg_hba.conf"
        hba.write_text("local all all trust\n")
        settings = {
            "port": str(VERIFY_PORT),
            "listen_addresses": "",
            "unix_socket_directories": str(scratch),
            "hba_file": str(hba),
            "archive_mode": "off",
            "shared_preload_libraries": "",
        }
        data_dir_from_base(root, data, settings, "stockdb backup verify", cluster.run_as,
                           (scratch.parent, "set TMPDIR to a directory with that room; no "
                                            "verification was recorded"))
        if cluster.run_as:
            for path in (scratch, hba):
                shutil.chown(path, cluster.run_as, cluster.run_as)
        log = scratch / "verify.log"
        started = cluster.run(
            [pg_ctl, "start", "-w", "-t", "600", "-D", str(data), "-l", str(log)], check=False
        )
        if started.returncode != 0:
            result["problems"].append(
                f"a copy of it did not start: {_why_not_started(log, started)}")
            return
        # The check records its run: in a copy of a database whose transactions
        # start read-only (default_transaction_read_only set for it) it failed
        # with 25006, and so did the verification of a sound backup.
        target = make_conninfo(conninfo, host=str(scratch), port=VERIFY_PORT,
                               options="-c default_transaction_read_only=off")
        result["started"] = True
        # A base backup holds the whole cluster: every database with the
        # stockdb schema is checked, not only the one DATABASE_URL names.
        with connect(target, autocommit=True) as conn:
            names = [r[0] for r in conn.execute(
                "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate "
                "ORDER BY datname"
            )]
        result["integrity_by_database"] = {}
        for name in names:
            say(f"running ops.check_integrity() in the copy's database {name}")
            findings = _integrity(make_conninfo(target, dbname=name))
            if findings is None:
                continue
            result["integrity_by_database"][name] = findings
            if findings:
                result["problems"].append(
                    f"database {name}: ops.check_integrity() found {findings} problem(s)"
                )
        found = result["integrity_by_database"]
        result["integrity_findings"] = sum(found.values()) if found else None
    except NoRoom:
        raise
    except (OSError, psycopg.Error, StockdbError) as exc:
        # One line: a server's error went on with its CONTEXT lines.
        said = exc.diag.message_primary if isinstance(exc, psycopg.Error) else None
        result["problems"].append(f"a copy of it could not be checked: {said or exc}")
    finally:
        if (data / "postmaster.pid").exists():
            cluster.run([pg_ctl, "stop", "-m", "immediate", "-D", str(data)], check=False)
        shutil.rmtree(scratch, ignore_errors=True)


# -- reading backups ------------------------------------------------------------------


def load(directory: Path, backup_id: str) -> tuple[Path, dict]:
    root = directory / backup_id
    # A backup is one directory inside: '' was the backup directory itself
    # ("backup  has no manifest.json"), and ../other one outside it.
    if Path(backup_id).name != backup_id or backup_id in ("", ".", "..") or not root.is_dir():
        raise StockdbError(f"no backup {backup_id!r} in {directory} (see `stockdb backup list`)")
    path = root / MANIFEST
    if not path.exists():
        raise StockdbError(
            f"backup {backup_id} has no {MANIFEST}: it is incomplete or not a stockdb backup, "
            "and cannot be verified or restored"
        )
    return root, _read_manifest(path)


def _read_manifest(path: Path) -> dict:
    """The manifest at path, or StockdbError saying why it is none. A damaged one
    (bytes that are not UTF-8, a list) ended verify, list and prune, and so every
    later prune, in a traceback."""
    try:
        manifest = json.loads(path.read_bytes())
    except ValueError as exc:  # not JSON, or not text
        raise StockdbError(f"{shown_path(path)} is not valid JSON: {exc}") from None
    if not isinstance(manifest, dict):
        raise StockdbError(f"{shown_path(path)} is not a stockdb manifest: it holds a "
                           f"{type(manifest).__name__}, not an object")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise StockdbError(f"{shown_path(path)}: unknown manifest format "
                           f"{manifest.get('format_version')!r}")
    if not (isinstance(manifest.get("finished_at"), str)
            and isinstance(manifest.get("size_bytes"), int)
            and isinstance(manifest.get("verification") or {}, dict)):
        raise StockdbError(f"{shown_path(path)} is not a stockdb manifest: its finished_at, "
                           "size_bytes or verification is missing or of another kind")
    return manifest


def check_files(root: Path, manifest: dict) -> list[str]:
    """Files that are missing, changed or unexpected, one line each."""
    problems = []
    expected = manifest["files"]
    for rel, digest in expected.items():
        path = root / rel
        if not path.is_file():
            problems.append(f"{rel}: missing")
        elif _sha256(path) != digest:
            problems.append(f"{rel}: checksum differs from the manifest (corrupted)")
    if manifest.get("kind") == "base":
        return problems
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_file() and rel != MANIFEST and rel not in expected:
            problems.append(f"{rel}: not in the manifest")
    return problems


def list_backups(directory: Path) -> list[dict]:
    rows = []
    if not directory.is_dir():
        return rows
    for root in sorted(p for p in directory.iterdir() if p.is_dir() and not p.name.startswith(".")):
        path = root / MANIFEST
        if not path.exists():
            rows.append(
                {
                    "id": root.name,
                    "created_at": None,
                    "size_bytes": _size(root),
                    "verified": False,
                    "status": "no_manifest",
                }
            )
            continue
        try:
            manifest = _read_manifest(path)
        except StockdbError:
            rows.append(
                {
                    "id": root.name,
                    "created_at": None,
                    "size_bytes": _size(root),
                    "verified": False,
                    "status": "bad_manifest",
                }
            )
            continue
        verification = manifest.get("verification") or {}
        status = "complete"
        if verification:
            status = "verified" if verification.get("ok") else "verify_failed"
        # The directory, which every command takes, not the manifest's id: a
        # backup renamed or copied aside keeps its first id, and prune deleted
        # the directory of that name instead.
        rows.append(
            {
                "id": root.name,
                "created_at": manifest["finished_at"],
                "size_bytes": manifest["size_bytes"],
                "verified": bool(verification.get("ok")),
                "status": status,
                "kind": manifest.get("kind", "dump"),
                "database": manifest.get("database"),
                "label": manifest.get("label"),
                "schema_version": manifest.get("schema_version"),
                "verified_at": verification.get("verified_at"),
            }
        )
    return sorted(rows, key=lambda r: r["created_at"] or "", reverse=True)


# -- restore --------------------------------------------------------------------------


def _admin(conninfo: str) -> str:
    return with_dbname(conninfo, "postgres")


def _refuse_the_clusters_own(admin: str, name: str) -> None:
    """The swap renamed and dropped whatever --target-db named: over template1
    or template0 it left a stockdb database as the template every CREATE
    DATABASE copies, and the old one renamed aside (a template cannot be
    dropped); over postgres, the database it administers from, it failed with
    a full copy left behind."""
    with connect(admin, autocommit=True) as conn:
        row = conn.execute(
            "SELECT datistemplate OR NOT datallowconn FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
    if name in ("postgres", "template0", "template1") or (row is not None and row[0]):
        raise StockdbError(
            f"--target-db {name} is one of the cluster's own databases (postgres, or a template "
            "every CREATE DATABASE copies): restore into another name"
        )


def _require_room(admin: str, conninfo: str, manifest: dict, remedy: str) -> Path | None:
    """Refuses, before anything is made, to restore a dump into a server on this machine
    whose disk has no room for it: the database as it was dumped (as the live one is
    now, for a backup that did not record it), the WAL the restore writes until a
    checkpoint (up to max_wal_size), and 64 MiB. By hand, a verify on a disk with 8 MiB
    free filled it; dropping the scratch database then needed a checkpoint, which
    could not be written, and the server stopped and did not start again. Returns the
    server's data directory when it is on this machine (else None)."""
    with connect(admin, autocommit=True) as conn:
        data = local_data_directory(conn)
        if data is None:
            return None
        wal = conn.execute("SELECT pg_size_bytes(current_setting('max_wal_size'))").fetchone()[0]
    size = manifest.get("database_bytes")
    if not isinstance(size, int):
        try:
            with connect(conninfo, autocommit=True) as live:
                size = live.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        except StockdbError:
            return data  # a restore into a server that lacks the database: no size to go by
    NoRoom.unless(f"the server's data directory {shown_path(data)}", shutil.disk_usage(data).free,
                  "a restore of it", size + min(size, wal) + 64 * 2**20, remedy, about=True)
    return data


# Less room than this left on a server's disk (its data directory's or its WAL's)
# after a restore stopped, and the restore stopped for want of room: a checkpoint's
# few WAL segments no longer fit.
NEARLY_FULL = 64 * 2**20


def _room_left(data: Path) -> int | None:
    """The least room on the disks of the server's data directory and its WAL."""
    try:
        return min(shutil.disk_usage(data).free, shutil.disk_usage(data / "pg_wal").free)
    except OSError:
        return None


def _database_exists(admin: str, name: str) -> bool:
    with connect(admin, autocommit=True) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            is not None
        )


def _locale(conn: psycopg.Connection) -> dict:
    """The current database's encoding and locale, as CREATE DATABASE takes them."""
    row = conn.execute(
        """SELECT pg_encoding_to_char(d.encoding), d.datcollate, d.datctype,
                  CASE d.datlocprovider WHEN 'i' THEN 'icu' ELSE 'libc' END, d.daticulocale
           FROM pg_database AS d WHERE d.datname = current_database()""").fetchone()
    return dict(zip(("encoding", "lc_collate", "lc_ctype", "locale_provider", "icu_locale"),
                    row, strict=True))


def _locale_clause(locale: dict | None) -> sql.Composable:
    """The source database's encoding and locale for a CREATE DATABASE: template0's,
    the cluster's default, could be another (SQL_ASCII under a C locale, where a
    database made ENCODING 'UTF8' came back SQL_ASCII), and so sort otherwise.
    A manifest written before the locale was recorded has none."""
    if not locale:
        return sql.SQL("")
    providers = {"libc": sql.SQL("libc"), "icu": sql.SQL("icu")}
    if locale.get("locale_provider") not in providers:
        raise StockdbError(f"the manifest's locale_provider {locale.get('locale_provider')!r}"
                           " is neither libc nor icu; nothing restored")
    clause = sql.SQL(" ENCODING {} LC_COLLATE {} LC_CTYPE {} LOCALE_PROVIDER {}").format(
        sql.Literal(locale["encoding"]), sql.Literal(locale["lc_collate"]),
        sql.Literal(locale["lc_ctype"]), providers[locale["locale_provider"]])
    if locale.get("icu_locale"):
        clause += sql.SQL(" ICU_LOCALE {}").format(sql.Literal(locale["icu_locale"]))
    return clause


def _shown_locale(locale: dict | None) -> str:
    if not locale:
        return "the server's default encoding and locale"
    return ", ".join(f"{k} {v}" for k, v in locale.items() if v is not None)


# The names of the databases a verify or a restore makes for its own use
# (verify's scratch, restore's incoming, as verify and restore name them).
# ops.check_health computes SCRATCH_LOCK's key too, to tell a restore's
# databases under way from those one left.
SCRATCH_PATTERNS = (r"^stockdb_verify_[0-9]+_[0-9]+$", r"^[a-z_][a-z0-9_]*__restoring_[0-9]+$")
SCRATCH_LOCK = "SELECT pg_catalog.hashtextextended('stockdb scratch database ' || %s, 0)"


@contextmanager
def _held(admin: str, name: str) -> Iterator[None]:
    """A session lock on the scratch database name, for the block: while it is
    held, _drop_abandoned leaves that database alone."""
    with connect(admin, autocommit=True) as conn:
        conn.execute(f"SELECT pg_catalog.pg_advisory_lock(({SCRATCH_LOCK}))", [name])
        yield


def _drop_abandoned(admin: str, say: Progress) -> None:
    """Drops the scratch databases of verifies and restores that were killed
    outright (SIGKILL, the out-of-memory killer, the machine down), which no
    clean-up of theirs could drop: a whole copy each, kept for good. One whose
    lock is held is in use, and stays."""
    with connect(admin, autocommit=True) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT datname FROM pg_catalog.pg_database WHERE datname ~ %s OR datname ~ %s "
            "ORDER BY 1", list(SCRATCH_PATTERNS)).fetchall()]
        for name in names:
            taken = conn.execute(f"SELECT pg_catalog.pg_try_advisory_lock(({SCRATCH_LOCK}))",
                                 [name]).fetchone()[0]
            if not taken:
                continue
            try:
                say(f"dropping {name}, left by a verify or restore that was killed")
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)))
            finally:
                conn.execute(f"SELECT pg_catalog.pg_advisory_unlock(({SCRATCH_LOCK}))", [name])


@contextmanager
def _new_database(admin: str, name: str, drop: bool, locale: dict | None = None) -> Iterator[None]:
    """An empty database name for the block, in locale (_locale_clause), dropped
    when the block fails (and at its end with drop), and held by a lock on its
    name (_held) until then. The CREATE is inside the clean-up: a SIGTERM that
    came as it returned (it had committed) left a verify's scratch database or
    a restore's incoming one, a whole copy each time. One of that name made by
    another call is not dropped."""
    with _held(admin, name), _created(admin, name, drop, locale):
        yield


@contextmanager
def _created(admin: str, name: str, drop: bool, locale: dict | None) -> Iterator[None]:
    try:
        with connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0{}").format(
                sql.Identifier(name), _locale_clause(locale)))
    except psycopg.errors.DuplicateDatabase:
        raise StockdbError(f"database {name} exists: another verify or restore is making it; "
                           "try again once it is done") from None
    # A locale the server lacks (42809), one that does not suit the encoding
    # (22023), an encoding it does not know (42704), ICU it was built without.
    except (psycopg.errors.WrongObjectType, psycopg.errors.InvalidParameterValue,
            psycopg.errors.UndefinedObject, psycopg.errors.FeatureNotSupported) as exc:
        _drop_after_failure(admin, name)
        raise StockdbError(
            f"this server cannot make a database as the backup's was ({_shown_locale(locale)}):"
            f" {exc.diag.message_primary}; nothing was restored") from None
    except BaseException:
        _drop_after_failure(admin, name)
        raise
    try:
        yield
    except BaseException:
        _drop_after_failure(admin, name)
        raise
    if drop:
        drop_database(admin, name)


def _drop_after_failure(admin: str, name: str) -> None:
    """Drops name on the way out of a failure, which stays the error reported: a
    server that could not be reached for the CREATE cannot be for the DROP either."""
    try:
        drop_database(admin, name)
    except psycopg.Error:
        pass


def _restore_into(conninfo: str, dump: Path, say: Progress, data: Path | None,
                  remedy: str) -> None:
    """pg_restore the dump into an empty database, leaving pg_cron out. A server
    that runs out of room on the way is NoRoom, with remedy: the machine's
    shortage, not the backup's fault. data is the server's data directory when it
    runs on this machine (_require_room)."""
    listing = subprocess.run(
        [pg_tool("pg_restore"), "--list", str(dump)], capture_output=True, text=True, check=False
    )
    if listing.returncode != 0:
        raise StockdbError(f"pg_restore cannot read the dump: {listing.stderr.strip()}")
    kept = [line for line in listing.stdout.splitlines() if not CRON_TOC.search(line)]
    with tempfile.NamedTemporaryFile("w", suffix=".list", delete=False) as f:
        f.write("\n".join(kept) + "\n")
        list_file = f.name
    try:
        say(f"restoring with pg_restore -j {_jobs()}")
        conninfo, env = tool_connection(conninfo)
        ran = subprocess.run(
            [
                pg_tool("pg_restore"),
                f"--jobs={_jobs()}",
                "--exit-on-error",
                # Owners and privileges come from ops.apply_grants afterwards,
                # so a cluster without the stockdb_* roles restores too.
                "--no-owner",
                "--no-privileges",
                f"--use-list={list_file}",
                f"--dbname={conninfo}",
                str(dump),
            ],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
    finally:
        os.unlink(list_file)
    if ran.returncode != 0:
        lines = [x for x in ran.stderr.strip().splitlines() if x]
        said = lines[0] if lines else ran.returncode
        # The server's disk filled under a restore _require_room let through (other
        # writers, a server elsewhere): a verify recorded the sound backup as failed.
        # Where the WAL shares that disk, the server stops at its first WAL write that
        # fails (PANIC), and pg_restore says only that the connection was lost (by
        # hand, a 160 MiB tmpfs); the disk it filled is still full then.
        left = _room_left(data) if data is not None else None
        if (any(os.strerror(e) in ran.stderr for e in (errno.ENOSPC, errno.EDQUOT))
                or left is not None and left < NEARLY_FULL):
            room = (f"; {shown_path(data)} has {left / 2**20:.1f} MiB free"
                    if left is not None else "")
            raise NoRoom(f"the server ran out of room restoring the dump ({said}{room}): "
                         f"{remedy}")
        raise StockdbError(f"pg_restore failed: {said}")


def verify(
    conninfo: str, directory: Path, backup_id: str, progress: Progress | None = None
) -> dict:
    say = progress or (lambda _m: None)
    root, manifest = load(directory, backup_id)
    started = time.monotonic()
    result: dict = {
        "verified_at": _iso(_now()),
        "kind": manifest.get("kind", "dump"),
        "ok": False,
        "problems": [],
    }
    say("checking file checksums")
    result["problems"] = check_files(root, manifest)
    if manifest.get("kind") == "base":
        if not result["problems"]:
            _verify_base(root, result, say)
        if not result["problems"]:
            _start_base_copy(conninfo, root, result, say)
    elif not result["problems"]:
        admin = _admin(conninfo)
        _drop_abandoned(admin, say)
        remedy = ("free room there, or verify it against another server (DATABASE_URL); "
                  "no verification was recorded")
        data = _require_room(admin, conninfo, manifest, remedy)
        scratch = f"stockdb_verify_{os.getpid()}_{int(time.time())}"
        with _new_database(admin, scratch, drop=True, locale=manifest.get("locale")):
            _check_restore(conninfo, scratch, root, manifest, result, say, data, remedy)
    result["ok"] = not result["problems"]
    result["seconds"] = round(time.monotonic() - started, 2)
    manifest["verification"] = result
    _write_manifest(root, manifest)
    # Its row has the id the backup was made under, whatever its directory is called now.
    _record_verification(conninfo, manifest.get("id", backup_id), result)
    return result


def _check_restore(conninfo: str, scratch: str, root: Path, manifest: dict, result: dict,
                   say: Progress, data: Path | None, remedy: str) -> None:
    """Restores the dump into the empty database scratch and records in result how
    it compares with the manifest."""
    try:
        target = with_dbname(conninfo, scratch)
        _restore_into(target, root / DUMP_DIR, say, data, remedy)
        say("comparing row counts and checksums")
        with connect(target) as conn:
            restored = table_checksums(conn)
            conn.rollback()
        result["problems"] += _compare(manifest["tables"], restored)
        result["tables"] = len(restored)
        result["rows"] = sum(t["rows"] for t in restored.values())
        say("running ops.check_integrity() on the restore")
        result["integrity_findings"] = _integrity(target)
        if result["integrity_findings"]:
            result["problems"].append(
                f"ops.check_integrity() found {result['integrity_findings']} problem(s)"
            )
    except NoRoom:
        raise
    except StockdbError as exc:
        result["problems"].append(str(exc))


def _compare(expected: dict, restored: dict) -> list[str]:
    problems = []
    for table, want in expected.items():
        got = restored.get(table)
        if got is None:
            problems.append(f"{table}: missing from the restore")
        elif got["rows"] != want["rows"]:
            problems.append(f"{table}: {got['rows']} rows restored, {want['rows']} backed up")
        elif got["checksum"] != want["checksum"]:
            problems.append(f"{table}: same {want['rows']} rows but their checksum differs")
    problems += [
        f"{t}: in the restore but not in the backup" for t in restored if t not in expected
    ]
    return problems


def _integrity(conninfo: str) -> int | None:
    with connect(conninfo, autocommit=True) as conn:
        if conn.execute("SELECT to_regprocedure('ops.check_integrity()') IS NULL").fetchone()[0]:
            return None
        conn.execute("CALL ops.check_integrity()")
        detail = conn.execute(
            "SELECT detail FROM ops.maintenance_run WHERE job_name = 'check-integrity' "
            "ORDER BY started_at DESC LIMIT 1"
        ).fetchone()[0]
    return int(detail.get("findings", 0))


def _record_verification(conninfo: str, backup_id: str, result: dict) -> None:
    try:
        with connect(conninfo, autocommit=True) as conn:
            if _has_backup_table(conn):
                conn.execute(
                    "UPDATE ops.backup SET verified_at = %s, verify_status = %s, "
                    "verify_detail = %s WHERE id = %s",
                    [
                        result["verified_at"],
                        "ok" if result["ok"] else "failed",
                        json.dumps(result),
                        backup_id,
                    ],
                )
    except StockdbError:
        pass  # the manifest holds the result; the source database may be gone


# How far a restore or a recovery moves the outbox positions on: past
# anything delivered between the moment it brings back and the restore.
OUTBOX_POSITION_GAP = 10**12
# What that is, for a database brought back some other way.
MOVE_OUTBOX_SQL = (
    "SELECT setval(s, nextval(s) + " + str(OUTBOX_POSITION_GAP) + ") "
    "FROM pg_get_serial_sequence('audit.outbox', 'position') AS s WHERE s IS NOT NULL"
)


def _move_outbox_positions(conn: psycopg.Connection) -> bool:
    """Moves the outbox positions on, where the database has an outbox; whether it has.
    MongoDB keeps what was delivered after the moment a restore or a recovery
    brings back, under positions (seq) the sequence would hand out again: new
    changes sorted with, or before, the ones it undid, and a clear did not
    resolve an alert the undone changes had raised under a later position."""
    if not conn.execute("SELECT to_regclass('audit.outbox') IS NOT NULL").fetchone()[0]:
        return False
    conn.execute(MOVE_OUTBOX_SQL)
    return True


def _swap(admin: str, target_db: str, incoming: str, aside: str | None) -> None:
    """Gives incoming target_db's name, and target_db (unless aside is None) the
    name aside, in one transaction. Two statements committed apart, a SIGTERM
    or a lost connection between them left no database of that name: the
    applications' own renamed aside, the restored one under its __restoring_
    name."""
    ident = sql.Identifier
    with connect(admin, autocommit=True) as conn:
        if aside is not None:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [target_db],
            )
        with conn.transaction():
            if aside is not None:
                conn.execute(
                    sql.SQL("ALTER DATABASE {} RENAME TO {}").format(ident(target_db), ident(aside))
                )
            conn.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(ident(incoming), ident(target_db))
            )


def restore(
    conninfo: str,
    directory: Path,
    backup_id: str,
    target_db: str,
    force: bool = False,
    progress: Progress | None = None,
) -> dict:
    """Restore into a new database, then put it in place of target_db.

    The old database is renamed aside only after the restore succeeded, and
    dropped only after the new one has its name: a failed restore leaves it
    exactly as it was.
    """
    say = progress or (lambda _m: None)
    root, manifest = load(directory, backup_id)
    if manifest.get("kind") == "base":
        raise StockdbError(
            f"backup {backup_id} is a base backup of the whole cluster: restore it as a data "
            "directory (README: point-in-time recovery), not into a database"
        )
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", target_db):
        raise StockdbError(f"--target-db {target_db!r}: use lower-case letters, digits and _")
    admin = _admin(conninfo)
    _refuse_the_clusters_own(admin, target_db)
    exists = _database_exists(admin, target_db)
    if exists and not force:
        raise StockdbError(
            f"database {target_db} exists; restoring would replace it. Add --force to replace it "
            "(it is kept until the restore has succeeded)"
        )
    problems = check_files(root, manifest)
    if problems:
        raise StockdbError(f"backup {backup_id} is damaged, nothing restored: {problems[0]}")
    _drop_abandoned(admin, say)
    data = _require_room(admin, conninfo, manifest,
                         f"free room there first; nothing was restored, and {target_db} is as "
                         "it was")
    stamp = _now().strftime("%Y%m%d%H%M%S")
    incoming = f"{target_db}__restoring_{stamp}"[:63]
    aside = f"{target_db}__replaced_{stamp}"[:63]
    # The old database's name aside is held from before the swap to the drop:
    # ops.check_health reports one that nobody holds as left by a restore
    # stopped in between, which nothing else would ever drop.
    with _held(admin, aside):
        with _new_database(admin, incoming, drop=False, locale=manifest.get("locale")):
            _restore_into(with_dbname(conninfo, incoming), root / DUMP_DIR, say, data,
                          f"free room there; nothing was restored, and {target_db} is as it was")
            # Before the swap: the database has its owners and privileges from
            # the moment it has its name, and if they cannot be made the old
            # database is still there, untouched.
            _settle(with_dbname(conninfo, incoming), manifest)
            # Inside the block: a swap that fails drops the incoming copy, which
            # stayed behind, a whole database, under its __restoring_ name.
            _swap(admin, target_db, incoming, aside if exists else None)
        if exists:
            drop_database(admin, aside)
    _schedule(with_dbname(conninfo, target_db))
    return {
        "id": backup_id,
        "target_db": target_db,
        "replaced": exists,
        "schema_version": manifest.get("schema_version"),
        # As this stockdb sees them: a backup older than its code restores an
        # older schema, which the application's calls then meet; one taken by
        # a newer stockdb, a schema this one's commands do not know.
        **{k: v for k, v in _schema_state(with_dbname(conninfo, target_db), unknown=True).items()
           if k != "schema_version"},
        "scheduler_stopped": _cron_scheduler_stopped(with_dbname(conninfo, target_db)),
    }


def _cron_scheduler_stopped(conninfo: str, wait_seconds: float = 3.0) -> bool:
    """Whether pg_cron runs jobs in the restored database but its scheduler is
    not running, as the database's own ops.pg_cron_runs_here() and
    ops.pg_cron_scheduler_running() judge (an older schema without them, or a
    role that cannot tell, says nothing).

    The swap ends the scheduler connected to the old database, and pg_cron 1.4
    does not start it again until PostgreSQL restarts. One that does, or one
    that waited for the database to exist, connects within a second or two.
    """
    deadline = time.monotonic() + wait_seconds
    with connect(conninfo, autocommit=True) as conn:
        if not conn.execute(
            "SELECT to_regprocedure('ops.pg_cron_scheduler_running()') IS NOT NULL"
        ).fetchone()[0] or not conn.execute("SELECT ops.pg_cron_runs_here()").fetchone()[0]:
            return False
        # Each call its own transaction, so each reads the process list anew.
        while conn.execute("SELECT ops.pg_cron_scheduler_running() IS FALSE").fetchone()[0]:
            if time.monotonic() > deadline:
                return True
            time.sleep(0.2)
    return False


def _settle(conninfo: str, manifest: dict) -> None:
    """What the dump could not carry: its own backup's outcome (the dump holds
    the row as it was mid-backup), and owners and privileges (restored without,
    then derived again by the database's own ops.apply_grants: without it every
    SECURITY DEFINER function would run as the restoring superuser, past row
    security), and outbox positions past those delivered after the dump. One
    transaction: all of it or none."""
    with connect(conninfo) as conn:
        if conn.execute("SELECT to_regprocedure('ops.apply_grants()') IS NOT NULL").fetchone()[0]:
            conn.execute("SELECT ops.apply_grants()")
        _move_outbox_positions(conn)
        if _has_backup_table(conn):
            # And its verification, which the manifest holds: without it the
            # restored database's check asked for a verify of a backup verified
            # before it was restored.
            verification = manifest.get("verification") or {}
            verified = verification.get("verified_at") is not None
            conn.execute(
                "UPDATE ops.backup SET status = 'ok', finished_at = %s, size_bytes = %s, "
                "verified_at = %s, verify_status = %s, verify_detail = %s "
                "WHERE id = %s AND status = 'running'",
                [
                    manifest["finished_at"],
                    manifest["size_bytes"],
                    verification["verified_at"] if verified else None,
                    ("ok" if verification.get("ok") else "failed") if verified else None,
                    json.dumps(verification) if verified else None,
                    manifest["id"],
                ],
            )


def _schedule(conninfo: str) -> None:
    """pg_cron lives only in the database cron.database_name names, so only
    once the restored database has that name can it be made there again and
    take the jobs of ops.cron_job."""
    with connect(conninfo, autocommit=True) as conn:
        is_cron_db = conn.execute(
            "SELECT current_database() = current_setting('cron.database_name', true)"
        ).fetchone()[0]
        if is_cron_db:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_cron")
        if conn.execute("SELECT to_regprocedure('ops.schedule_jobs()') IS NOT NULL").fetchone()[0]:
            conn.execute("SELECT ops.schedule_jobs()")


# -- point-in-time recovery -----------------------------------------------------------

RECOVERY_LOG = "recover.log"
# Logged by the startup process when recovery ends.
LAST_TRANSACTION = re.compile(r"last completed transaction was at log time (.+)$", re.MULTILINE)


def recover(
    directory: Path,
    backup_id: str,
    pgdata: Path,
    wal_archive: Path,
    target_time: datetime | None = None,
    port: int | None = None,
    start: bool = False,
    progress: Progress | None = None,
) -> dict:
    """A data directory made from a base backup, set to replay the WAL archive
    to target_time (else to its end) and then promote; started with start.

    Done by hand, a missed step failed late or quietly: a data directory not
    owned by the server's user or not mode 700 did not start, a forgotten
    recovery.signal started the old state as if nothing had happened since,
    and archive_mode left on archived the copy's WAL into the same archive.
    """
    say = progress or (lambda _m: None)
    root, manifest = load(directory, backup_id)
    if manifest.get("kind") != "base":
        raise StockdbError(
            f"backup {backup_id} is a dump, not a base backup: restore it with "
            "`stockdb backup restore` (recovery to a moment starts from `stockdb backup base`)"
        )
    if not wal_archive.is_dir():
        raise StockdbError(
            f"no WAL archive directory {shown_path(wal_archive)} "
            "(check --wal-archive or STOCKDB_WAL_ARCHIVE)"
        )
    if pgdata.exists() and (not pgdata.is_dir() or any(pgdata.iterdir())):
        raise StockdbError(f"{pgdata} exists and is not empty: recover into a new directory")
    ended = datetime.fromisoformat(manifest["finished_at"])
    if target_time is not None and target_time < ended:
        raise StockdbError(
            f"--to {target_time.isoformat()} is before base backup {backup_id} ended "
            f"({manifest['finished_at']}): recovery cannot stop inside a base backup; "
            "pick a later moment or an older base backup"
        )
    checked: dict = {"problems": []}
    _verify_base(root, checked, say)
    if checked["problems"]:
        raise StockdbError(
            f"base backup {backup_id} is damaged, nothing was made: {checked['problems'][0]}"
        )

    settings = {
        "restore_command": f"cp {shlex.quote(str(wal_archive) + '/')}%f %p",
        "recovery_target_action": "promote",
        # The copy is a new server: its WAL is not the archived one's to extend.
        "archive_mode": "off",
    }
    if target_time is not None:
        settings["recovery_target_time"] = target_time.isoformat()
    if port is not None:
        settings["port"] = str(port)
    cluster = Cluster.main()
    partial = pgdata.with_name(f".{pgdata.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        partial.mkdir(parents=True)  # as copytree made --pgdata's parents
        _require_reachable(cluster, partial, "give a --pgdata it can reach, such as one under "
                                             "/var/lib/postgresql; nothing was made")
        say(f"copying base backup {backup_id} to {pgdata}")
        data_dir_from_base(root, partial, settings, f"stockdb backup recover {backup_id}",
                           cluster.run_as, (pgdata.parent, "give a --pgdata on a disk with "
                                                           "that room; nothing was made"),
                           recovery_signal=True)
        if pgdata.exists():
            pgdata.rmdir()  # empty, checked above
        partial.rename(pgdata)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise

    log = pgdata / RECOVERY_LOG
    pg_ctl = str(pg_bindir() / "pg_ctl")
    start_args = [pg_ctl, "start", "-D", str(pgdata), "-l", str(log)]
    result = {
        "id": backup_id,
        "pgdata": str(pgdata),
        "wal_archive": str(wal_archive),
        "target_time": target_time.isoformat() if target_time else "end of the archive",
        "port": port,
        "start_command": shlex.join(start_args),
        "run_as": cluster.run_as,
        "started": False,
        "promoted": False,
        "last_transaction_at": None,
        "log": str(log),
        # Databases whose outbox positions were moved on, once promoted.
        "outbox_positions_moved": None,
        "move_outbox_sql": MOVE_OUTBOX_SQL,
    }
    if not start:
        return result
    say(f"starting it: replaying {wal_archive} to {result['target_time']}")
    started = cluster.run([*start_args, "-w", "-t", "600"], check=False)
    if started.returncode != 0:
        raise StockdbError(
            f"the recovered server did not start: {_why_not_started(log, started)} "
            f"({pgdata} is kept for a look; log: {log})"
        )
    result["started"] = True
    said = time.monotonic()
    while (pgdata / "recovery.signal").exists():
        if time.monotonic() - said > 30:
            say(f"still replaying: {last_log_line(log)}")
            said = time.monotonic()
        if cluster.run([pg_ctl, "status", "-D", str(pgdata)], check=False).returncode != 0:
            raise StockdbError(
                f"recovery stopped before promoting: {last_log_line(log)} "
                f"({pgdata} is kept for a look; log: {log})"
            )
        time.sleep(0.5)
    result["promoted"] = True
    found = LAST_TRANSACTION.findall(read_log(log))
    result["last_transaction_at"] = found[-1].strip() if found else None
    # The archive ends before the last changes (the segment being written is
    # archived only once full), and --to earlier still: what MongoDB took
    # after the moment holds positions the recovered sequence hands out again.
    say("moving the outbox positions on")
    result["outbox_positions_moved"] = _move_recovered_outbox_positions(pgdata)
    return result


def _recovered_conninfo(pgdata: Path, dbname: str) -> str:
    """The promoted server of pgdata, where its postmaster.pid says it listens,
    as DATABASE_URL's user (else postgres, with the embedded cluster's password)."""
    lines = (pgdata / "postmaster.pid").read_text().splitlines()
    port, socket_dir, listen = lines[3].strip(), lines[4].strip(), lines[5].strip()
    host = socket_dir or ("127.0.0.1" if listen in ("*", "0.0.0.0") else listen)  # noqa: S104
    given = conninfo_to_dict(os.environ["DATABASE_URL"]) if os.environ.get("DATABASE_URL") else {}
    record = Cluster.main().record() or {}
    return make_conninfo(host=host, port=port, dbname=dbname, user=given.get("user") or SUPERUSER,
                         password=given.get("password") or record.get("password"))


# How long a promoted server may take to finish its recovery and take writes.
PROMOTION_SECONDS = 120


def _wait_until_writable(conn: psycopg.Connection) -> None:
    """Returns once the server has left recovery. Its recovery.signal goes before it
    takes writes (it still ends its recovery first, with a checkpoint), and a move
    made in between failed: "cannot execute nextval() in a read-only transaction"
    (CI run cc208)."""
    deadline = time.monotonic() + PROMOTION_SECONDS
    while conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
        if time.monotonic() > deadline:
            raise StockdbError(f"it was still in recovery {PROMOTION_SECONDS} s after promoting")
        time.sleep(0.1)


def _move_recovered_outbox_positions(pgdata: Path) -> list[str]:
    """Each database of the promoted server in pgdata that has an outbox, its
    positions moved on (one transaction each); their names. When that cannot
    be done, one line saying so, with the statement to run by hand."""
    try:
        with connect(_recovered_conninfo(pgdata, "postgres"), autocommit=True) as conn:
            _wait_until_writable(conn)
            names = [r[0] for r in conn.execute(
                "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate "
                "ORDER BY 1"
            ).fetchall()]
        moved = []
        for name in names:
            with connect(_recovered_conninfo(pgdata, name)) as conn:
                if _move_outbox_positions(conn):
                    moved.append(name)
    except (StockdbError, psycopg.Error, OSError, IndexError) as exc:
        raise StockdbError(
            f"recovered and promoted into {pgdata}, but its outbox positions were not moved on "
            f"({telling_line(str(exc), type(exc).__name__, first=True)}): "
            f"before a relay delivers from it, run in each of its stockdb databases: "
            f"{MOVE_OUTBOX_SQL}"
        ) from None
    return moved



# -- prune ----------------------------------------------------------------------------


def prune(
    directory: Path,
    keep_days: int,
    keep_min: int,
    dry_run: bool = False,
    wal_archive: Path | None = None,
) -> dict:
    """Delete backups older than keep_days, keeping at least keep_min of the
    newest and always the newest verified one of each kind (dump, base) and
    database; with wal_archive, also the archived WAL no kept base backup needs."""
    # A mistyped --dir or STOCKDB_BACKUP_DIR pruned nothing and said "0 deleted":
    # a scheduled prune kept succeeding while the real directory filled up.
    if not directory.is_dir():
        raise StockdbError(
            f"no backup directory {shown_path(directory)}: nothing to prune "
            "(check --dir or STOCKDB_BACKUP_DIR)"
        )
    if wal_archive is not None and not wal_archive.is_dir():
        raise StockdbError(
            f"no WAL archive directory {shown_path(wal_archive)}: nothing was pruned "
            "(check --wal-archive or STOCKDB_WAL_ARCHIVE)"
        )
    backups = [b for b in list_backups(directory) if b["created_at"]]
    cutoff = _now() - timedelta(days=keep_days)
    # Counted per kind: a dump and a base backup restore different things (a
    # dump into any database and any later server version, a base backup the
    # whole cluster to any moment the WAL archive reaches). Counted together,
    # daily dumps pushed a monthly base backup out of the newest keep_min and
    # the prune deleted the only start point-in-time recovery had. And dumps
    # per database, for the same reason: with several databases backing up
    # into one directory, one whose backups had stopped saw another's fill
    # the newest keep_min and take the newest verified, and lost them all.
    newest_verified = {}
    seen: dict[tuple, int] = {}
    going, staying = [], []
    for b in backups:  # newest first
        group = (b.get("kind", "dump"), b.get("database"))
        if b["verified"]:
            newest_verified.setdefault(group, b["id"])
        index = seen[group] = seen.get(group, -1) + 1
        old = datetime.fromisoformat(b["created_at"]) < cutoff
        if old and index >= keep_min and b["id"] != newest_verified.get(group):
            going.append(b)
        else:
            staying.append(b)
    # Worked out before anything is deleted: a kept base backup whose start
    # cannot be read stops the prune with every file still there.
    archive = _wal_to_prune(directory, wal_archive, staying) if wal_archive else None
    # First: a backup of the same name back in the directory (copied back from
    # elsewhere) is renamed where the rest of its namesake still lies.
    half_deleted = _clear_half_deleted(directory, dry_run)
    if not dry_run:
        for b in going:
            _delete_backup(directory, b["id"])
    result = {
        "deleted": [b["id"] for b in going],
        "kept": [b["id"] for b in staying],
        "unfinished": _clear_unfinished(directory, dry_run),
        "half_deleted": half_deleted,
        "dry_run": dry_run,
    }
    if archive is not None:
        if archive["keep_from"] and archive["deleted"] and not dry_run:
            _run_archivecleanup(wal_archive, archive["keep_from"], dry_run=False)
        result["wal_archive"] = archive
    return result


def _delete_backup(directory: Path, backup_id: str) -> None:
    """Out of the listing first, then deleted. Deleted where it was, a prune
    stopped part way (Ctrl-C, a SIGTERM, a file it could not remove) left a
    backup whose manifest `backup list` still showed as complete or verified,
    with part of its dump gone. Its hidden .<id>.deleting directory is what the
    next prune finishes."""
    doomed = directory / f".{backup_id}.deleting"
    (directory / backup_id).rename(doomed)
    shutil.rmtree(doomed)


def _clear_half_deleted(directory: Path, dry_run: bool) -> list[str]:
    """The backups an earlier prune was stopped in the middle of deleting, deleted."""
    cleared = []
    for doomed in sorted(directory.glob(".*.deleting")):
        cleared.append(doomed.name[1:].removesuffix(".deleting"))
        if not dry_run:
            shutil.rmtree(doomed)
    return cleared


def _clear_unfinished(directory: Path, dry_run: bool) -> list[str]:
    """The half-written backups no running backup holds, deleted: a backup killed before
    it finished (the machine down, out of memory) left its hidden .<id>.partial
    directory, as large as the dump had grown, and nothing ever took it away. One whose
    lock is held is being written, and stays."""
    cleared = []
    for partial in sorted(directory.glob(".*.partial")):
        backup_id = partial.name[1:].removesuffix(".partial")
        lock = os.open(directory / f".{backup_id}.lock", os.O_RDONLY | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            cleared.append(backup_id)
            if not dry_run:
                shutil.rmtree(partial, ignore_errors=True)
            # Gone before it is unlocked, as a backup's own lock file is.
            (directory / f".{backup_id}.lock").unlink(missing_ok=True)
        finally:
            os.close(lock)
    return cleared


# Written by pg_basebackup into the data directory it makes.
START_WAL = re.compile(r"^START WAL LOCATION: \S+ \(file ([0-9A-F]{24})\)$", re.MULTILINE)


def base_start_segment(root: Path) -> str:
    """The first WAL segment a base backup needs, from its backup_label."""
    label = root / "base" / "backup_label"
    try:
        found = START_WAL.search(label.read_text())
    except OSError as exc:
        raise StockdbError(
            f"base backup {root.name} has no readable base/backup_label ({exc.strerror}): "
            "the WAL it needs is unknown, so nothing was pruned"
        ) from None
    if not found:
        raise StockdbError(
            f"base backup {root.name}: base/backup_label has no START WAL LOCATION line, "
            "so nothing was pruned"
        )
    return found.group(1)


def _wal_to_prune(directory: Path, wal_archive: Path, kept: list[dict]) -> dict:
    """The archived segments older than the oldest kept base backup's start:
    recovery begins at a base backup and replays from its start on, so no
    kept backup can use them."""
    bases = [b for b in kept if b.get("kind") == "base"]
    if not bases:
        # Without a base backup the archive restores nothing, but it is not
        # ours to guess which part a base backup taken elsewhere still needs.
        return {"directory": str(wal_archive), "base_backup": None, "keep_from": None,
                "deleted": []}
    oldest = bases[-1]  # kept is newest first
    segment = base_start_segment(directory / oldest["id"])
    return {
        "directory": str(wal_archive),
        "base_backup": oldest["id"],
        "keep_from": segment,
        "deleted": _run_archivecleanup(wal_archive, segment, dry_run=True),
    }


def _run_archivecleanup(wal_archive: Path, segment: str, dry_run: bool) -> list[str]:
    """pg_archivecleanup's list (-n) of the segments before segment, or their removal."""
    args = [pg_tool("pg_archivecleanup"), *(["-n"] if dry_run else []), str(wal_archive), segment]
    ran = subprocess.run(args, capture_output=True, text=True, check=False)
    if ran.returncode != 0:
        lines = [x for x in ran.stderr.strip().splitlines() if x]
        raise StockdbError(
            f"pg_archivecleanup failed on {wal_archive}: "
            + (lines[-1] if lines else f"exit status {ran.returncode}")
        )
    return sorted(Path(line).name for line in ran.stdout.splitlines() if line.strip())
