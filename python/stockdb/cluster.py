"""The embedded PostgreSQL cluster: initdb, pg_ctl, and where it lives.

initdb refuses to run as root, so as root the cluster belongs to the `postgres`
OS user and lives in a directory that user owns (its home, one directory per
checkout path); the checkout keeps only a record of where that is, in
`.stockdb/<name>.json`. Sockets live beside the data, so two checkouts never
collide.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql

from . import CHECKOUT
from .errors import StockdbError
from .files import sync, write_atomically

PG_MAJOR = 15
DEFAULT_PORT = 54329
DEFAULT_TEST_PORT = 54339
MAIN_DATABASE = "stockdb"
# The line before the settings this module adds to a cluster's postgresql.conf.
SETTINGS_MARK = "# stockdb embedded cluster"
SUPERUSER = "postgres"


def pg_bindir() -> Path:
    bindir = Path(os.environ.get("STOCKDB_PG_BINDIR", f"/usr/lib/postgresql/{PG_MAJOR}/bin"))
    if not (bindir / "initdb").exists() or not (bindir / "pg_ctl").exists():
        raise StockdbError(
            f"PostgreSQL {PG_MAJOR} server binaries not found in {bindir}: "
            "run `make setup` (or set STOCKDB_PG_BINDIR)"
        )
    return bindir


def pg_tool(name: str) -> str:
    """Path of a client tool (pg_dump, psql) of the same major version."""
    candidate = pg_bindir() / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise StockdbError(f"{name} not found: install postgresql-client-{PG_MAJOR}")
    return found


# The categories LC_ALL stands for, where one of them is to be set apart.
_LOCALE_CATEGORIES = ("LC_CTYPE", "LC_COLLATE", "LC_NUMERIC", "LC_TIME", "LC_MONETARY",
                      "LC_PAPER", "LC_NAME", "LC_ADDRESS", "LC_TELEPHONE",
                      "LC_MEASUREMENT", "LC_IDENTIFICATION")


def database_ctype() -> str:
    """The databases' LC_CTYPE: C.UTF-8 where the system has it, else C. Case,
    character classes, full text and pg_trgm read it: under C they know no letter
    beyond ASCII (lower('FÜR') stayed 'fÜr', so a search for 'für' missed it, and
    the typo vocabulary split 'größe' into 'gr' and 'e'). Sorting stays C."""
    program = shutil.which("locale")
    if program is None:
        return "C"
    listed = subprocess.run([program, "-a"], capture_output=True, text=True,
                            check=False).stdout.split()
    return "C.UTF-8" if any(n.lower().replace("-", "") == "c.utf8" for n in listed) else "C"


def tool_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a tool whose messages we read (pg_dump --verbose for its
    progress and errors): environ, or ours, with messages in English and every other
    locale category as it was. PostgreSQL's tools ship translations: under an
    operator's LANGUAGE=de, pg_dump wrote 'gebe Inhalt der Tabelle ... aus', so a
    backup showed no progress, and its failure came out as 'exit status 1' where
    the error was 'Fehler: ...'."""
    env = dict(os.environ if environ is None else environ)
    every = env.pop("LC_ALL", None)
    if every:
        for category in _LOCALE_CATEGORIES:
            env[category] = every
    # gettext reads LANGUAGE before LC_MESSAGES unless that is C; gone anyway.
    env.pop("LANGUAGE", None)
    env["LC_MESSAGES"] = "C"
    return env


# A start's lines are the log's last: reading the whole of a long one held it
# in memory twice over, as text and as its lines.
LOG_TAIL_BYTES = 1024 * 1024
# pg_ctl -l appends, so an embedded cluster's log grows with every start and
# nothing trimmed it: the test cluster of a checkout CI ran in held 7.5 GB.
# A start finding it this long first moves it to <name>.log.1, over the one
# set aside before.
LOG_SET_ASIDE_BYTES = 64 * 1024 * 1024


def read_log(log: Path, tail: int | None = None) -> str:
    """A server log's text (with `tail`, its last lines within that many bytes), or
    nothing when there is none (yet)."""
    try:
        with log.open("rb") as f:
            start = max(0, f.seek(0, os.SEEK_END) - tail) if tail else 0
            f.seek(start)
            data = f.read()
    except OSError:
        return ""
    if start:
        # The first line read is cut; the next ones are whole.
        data = data[data.find(b"\n") + 1:] if b"\n" in data else b""
    return data.decode(errors="replace")


def telling_line(text: str, fallback: str, first: bool = False) -> str:
    """What a server log or a server tool's output says went wrong: its last FATAL,
    PANIC or ERROR line (or a tool's own `error:`), else its last line. initdb on a
    full disk ended with `initdb: removing data directory …`, after the line saying
    why (`FATAL: could not write to file …: No space left on device`). A tool's
    output (first) is one run's, and its first error is the cause: pgbench follows a
    client's `ERROR: division by zero` with `error: Run was aborted …`. A server
    log holds the runs before this one, so there the last error is this run's."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    errors = [ln for ln in lines
              if "FATAL" in ln or "PANIC" in ln or "ERROR" in ln or " error: " in ln]
    if first and errors:
        return errors[0].strip()
    return (errors or lines or [fallback])[-1].strip()


def last_log_line(log: Path) -> str:
    """What a server log says went wrong (telling_line), from its end."""
    return telling_line(read_log(log, LOG_TAIL_BYTES), "no log written")


# Which checkout a cluster belongs to: two clones keep two clusters.
CHECKOUT_KEY = hashlib.sha256(os.fsencode(CHECKOUT)).hexdigest()[:12]


@dataclass(frozen=True)
class Cluster:
    """One embedded cluster. `main` serves the CLI and the demo; `test` serves pytest."""

    name: str
    port: int
    tcp: bool
    fast_unsafe: bool

    @classmethod
    def main(cls) -> Cluster:
        return cls("main", _env_port("STOCKDB_PORT", DEFAULT_PORT), tcp=True, fast_unsafe=False)

    @classmethod
    def test(cls) -> Cluster:
        # Socket only, so a test run never fights another process for a port,
        # and without fsync: a test database is thrown away anyway.
        return cls(
            "test", _env_port("STOCKDB_TEST_PORT", DEFAULT_TEST_PORT), tcp=False, fast_unsafe=True
        )

    # -- where things are -------------------------------------------------

    @property
    def record_file(self) -> Path:
        # Beside the data it describes: a new clone at the same path, or a
        # checkout whose .stockdb/ was wiped, finds the cluster again.
        return self.base_dir / f"{self.name}.json"

    @property
    def run_as(self) -> str | None:
        """The OS user that owns the cluster when we are root, else None (ourselves)."""
        if os.geteuid() != 0:
            return None
        try:
            pwd.getpwnam(SUPERUSER)
        except KeyError:
            raise StockdbError(
                "running as root needs the `postgres` OS user (created by the "
                f"postgresql-{PG_MAJOR} package): run `make setup`"
            ) from None
        return SUPERUSER

    @property
    def base_dir(self) -> Path:
        home = os.environ.get("STOCKDB_HOME")
        if home:
            root = Path(home)
        elif self.run_as:
            root = Path(pwd.getpwnam(self.run_as).pw_dir) / "stockdb"
        else:
            root = CHECKOUT / ".stockdb" / "clusters"
        base = root / CHECKOUT_KEY
        try:
            os.fsencode(base).decode()
        except UnicodeDecodeError:
            raise StockdbError(
                f"{base}: the embedded cluster needs a directory whose name is UTF-8 text (its "
                "socket's path goes in a connection URL): set STOCKDB_HOME to one"
            ) from None
        return base

    @property
    def data_dir(self) -> Path:
        return self.base_dir / self.name

    @property
    def socket_dir(self) -> Path:
        return self.base_dir

    @property
    def log_file(self) -> Path:
        return self.base_dir / f"{self.name}.log"

    @property
    def previous_log_file(self) -> Path:
        """Where a start sets a long log aside (LOG_SET_ASIDE_BYTES)."""
        return self.base_dir / f"{self.name}.log.1"

    def _set_long_log_aside(self) -> None:
        # Missing (a first start) or not ours to move: the start goes on, and
        # appends to it as before.
        try:
            if self.log_file.stat().st_size >= LOG_SET_ASIDE_BYTES:
                os.replace(self.log_file, self.previous_log_file)
        except OSError:
            pass

    # -- record -----------------------------------------------------------

    def record(self) -> dict | None:
        """The record, or None when it is missing or damaged (cut short by a full
        disk or a crash, or edited): a start then records the cluster again, as
        when it is lost, where every command ended in a JSONDecodeError traceback."""
        try:
            data = json.loads(self.record_file.read_text())
        except (FileNotFoundError, ValueError):  # missing; not JSON, or not UTF-8
            return None
        wanted = ("data_dir", "socket_dir", "log_file", "password", "os_user")
        return data if isinstance(data, dict) and all(k in data for k in wanted) else None

    def _write_record(self, password: str) -> None:
        data = {
            "name": self.name,
            "data_dir": str(self.data_dir),
            "socket_dir": str(self.socket_dir),
            "log_file": str(self.log_file),
            "password": password,
            "os_user": self.run_as or pwd.getpwuid(os.geteuid()).pw_name,
        }
        # Whole or not at all; it holds the password, so only its owner reads it.
        write_atomically(self.record_file, json.dumps(data, indent=2).encode(), mode=0o600)

    # -- urls -------------------------------------------------------------

    def url(self, dbname: str = MAIN_DATABASE) -> str:
        rec = self.record()
        if rec is None:
            raise StockdbError(
                f"the {self.name} cluster is not initialised: run `stockdb db start`"
            )
        # Percent-encoded: a space in a path (STOCKDB_HOME, or a checkout's
        # under "My Projects") or a name made a URL libpq refused.
        if self.tcp:
            return (f"postgresql://{SUPERUSER}:{quote(rec['password'], safe='')}@127.0.0.1:"
                    f"{self.port}/{quote(dbname, safe='')}")
        return (f"postgresql://{SUPERUSER}@/{quote(dbname, safe='')}"
                f"?host={quote(rec['socket_dir'], safe='/')}&port={self.port}")

    # -- lifecycle --------------------------------------------------------

    def _run(self, args: list[str], check: bool = True) -> subprocess.CompletedProcess:
        user = self.run_as
        kwargs = {"user": user, "group": user} if user else {}
        proc = subprocess.run(
            args, capture_output=True, text=True, cwd="/", **kwargs  # noqa: S603
        )
        if check and proc.returncode != 0:
            said = telling_line(proc.stderr or proc.stdout, "(no output)", first=True)
            raise StockdbError(f"{Path(args[0]).name} failed: {said}")
        return proc

    def run(self, args: list[str], check: bool = True) -> subprocess.CompletedProcess:
        """A server tool run as the cluster's OS user (pg_ctl on a data directory)."""
        return self._run(args, check)

    def _mkdir_owned(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        if self.run_as:
            entry = pwd.getpwnam(self.run_as)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def is_initialised(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def initialise(self) -> bool:
        """initdb once; returns True when it created the cluster."""
        if self.is_initialised():
            return False
        if self.data_dir.exists() and any(self.data_dir.iterdir()):
            self._require_whole()
        bindir = pg_bindir()
        if self.run_as:
            self._mkdir_owned(self.base_dir.parent)
        self._mkdir_owned(self.base_dir)
        password = secrets.token_urlsafe(18)
        # A file of its own (0600): the clusters of a checkout (main, test, the
        # crash and pitr tests') share base_dir, and with one name for all, another
        # made at the same time removed it before this initdb read it ('could not
        # open file …/.initdb-password'), or wrote its own password into it.
        fd, name = tempfile.mkstemp(prefix=f".initdb-password-{self.name}-", dir=self.base_dir)
        pwfile = Path(name)
        with os.fdopen(fd, "w") as f:
            f.write(password + "\n")
        if self.run_as:
            entry = pwd.getpwnam(self.run_as)
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        # Made under a hidden name and renamed into place whole: initdb
        # stopped part way (`timeout stockdb db start`, Ctrl-C), or stopped
        # before the settings below were added, left a data directory that every
        # later start took for a cluster, and started without its socket
        # ('connection is bad: … No such file or directory') until destroyed.
        partial = self.base_dir / f".{self.name}.initialising"
        shutil.rmtree(partial, ignore_errors=True)
        try:
            try:
                self._run([
                    str(bindir / "initdb"), "-D", str(partial), "-U", SUPERUSER, "-E", "UTF8",
                    "--locale=C", f"--lc-ctype={database_ctype()}", "--auth-local=trust",
                    "--auth-host=scram-sha-256", f"--pwfile={pwfile}",
                ])
            finally:
                pwfile.unlink(missing_ok=True)
            self._configure(partial)
            partial.rename(self.data_dir)
            sync(self.base_dir)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        self._write_record(password)
        return True

    def _configure(self, data_dir: Path) -> None:
        """This module's settings, added to a new cluster's postgresql.conf."""
        settings = {
            "listen_addresses": "127.0.0.1" if self.tcp else "",
            "unix_socket_directories": str(self.socket_dir),
            "shared_preload_libraries": "pg_cron,pg_stat_statements",
            "cron.database_name": MAIN_DATABASE,
            # pg_cron opens its job connections over libpq: point it at our socket.
            "cron.host": str(self.socket_dir),
            "max_connections": "100",
        }
        if self.fast_unsafe:
            settings.update(fsync="off", synchronous_commit="off", full_page_writes="off")
        lines = ["", SETTINGS_MARK]
        lines += [f"{k} = '{v}'" for k, v in settings.items()]
        with open(data_dir / "postgresql.conf", "a") as f:
            f.write("\n".join(lines) + "\n")
            f.flush()
            os.fsync(f.fileno())

    def _require_whole(self) -> None:
        """Refuses a data directory without this module's settings: one an older
        stockdb's initdb left half made when it was stopped, which started
        without the cluster's socket and port."""
        try:
            settings = (self.data_dir / "postgresql.conf").read_text(errors="replace")
        except OSError:
            settings = ""
        if SETTINGS_MARK not in settings:
            raise StockdbError(
                f"{self.data_dir} was left half made (its postgresql.conf has no stockdb "
                "settings: an initdb stopped part way): run `stockdb db destroy --yes`, then "
                "`stockdb db start`"
            )

    def is_running(self) -> bool:
        if not (self.data_dir / "PG_VERSION").exists():
            return False
        proc = self._run([str(pg_bindir() / "pg_ctl"), "status", "-D", str(self.data_dir)], False)
        return proc.returncode == 0

    def _check_port_free(self) -> None:
        if self.tcp:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                # As the postmaster binds: a port whose last connections are
                # still in TIME_WAIT (a restart after a busy run) is free.
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    s.bind(("127.0.0.1", self.port))
                except OSError:
                    raise StockdbError(
                        f"port {self.port} on 127.0.0.1 is taken by another process: "
                        "stop it or set STOCKDB_PORT to a free port"
                    ) from None

    def start(self) -> bool:
        """Initialise if needed and start; returns True when it had to start."""
        return self.start_status()[1]

    def start_status(self) -> tuple[bool, bool]:
        """Initialise if needed and start; returns whether it initialised and whether
        it had to start.

        Every command starts the cluster when it is down, so after a reboot two
        commands run at once both did: one failed ("postmaster.pid already
        exists"), and two first runs would both initdb. They take turns here,
        and the second finds the cluster running."""
        key = hashlib.sha256(str(self.data_dir).encode()).hexdigest()[:12]
        lock_path = Path(tempfile.gettempdir()) / f"stockdb-cluster-{key}.lock"
        lock = os.open(lock_path, os.O_RDONLY | os.O_CREAT, 0o644)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            created = self.initialise()
            return created, self._start()
        finally:
            os.close(lock)

    def _start(self) -> bool:
        started = False
        if not self.is_running():
            self._require_whole()
            self._check_port_free()
            self._set_long_log_aside()
            proc = self._run(
                [
                    str(pg_bindir() / "pg_ctl"), "start", "-w", "-t", "60",
                    "-D", str(self.data_dir), "-l", str(self.log_file), "-o", f"-p {self.port}",
                ],
                check=False,
            )
            if proc.returncode != 0:
                raise StockdbError(
                    f"the {self.name} cluster did not start: {self._last_log_line()} "
                    f"(log: {self.log_file})"
                )
            self._wait_ready()
            started = True
        recorded = False
        if self.record() is None:
            # Data without a record (the record was deleted, or written by an
            # older stockdb, or a start stopped before writing it): give it a
            # new password, then record it.
            password = secrets.token_urlsafe(18)
            self._set_password(password)
            self._write_record(password)
            recorded = True
        if started or recorded:
            # A start that stopped before this left a running cluster that
            # every later start found "already running", without its database.
            self._ensure_database(MAIN_DATABASE)
        return started

    def _admin_url(self) -> str:
        """Over the Unix socket, where the cluster trusts its own OS user."""
        return (f"postgresql://{SUPERUSER}@/postgres?host={quote(str(self.socket_dir), safe='/')}"
                f"&port={self.port}")

    def _set_password(self, password: str) -> None:
        with psycopg.connect(self._admin_url(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                    sql.Identifier(SUPERUSER), sql.Literal(password)
                )
            )

    def _last_log_line(self) -> str:
        return last_log_line(self.log_file)

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(self._admin_url(), connect_timeout=5):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def _ensure_database(self, dbname: str) -> None:
        with psycopg.connect(self._admin_url(), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname])
            if exists.fetchone() is None:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))

    def stop(self) -> bool:
        if not self.is_running():
            return False
        self._run([str(pg_bindir() / "pg_ctl"), "stop", "-w", "-m", "fast", "-D",
                   str(self.data_dir)])
        return True

    def destroy(self) -> bool:
        existed = self.data_dir.exists() or self.record_file.exists()
        if self.data_dir.exists():
            self.stop()
            shutil.rmtree(self.data_dir)
        self.log_file.unlink(missing_ok=True)
        self.previous_log_file.unlink(missing_ok=True)
        self.record_file.unlink(missing_ok=True)
        # What an initdb killed outright (SIGKILL) left under its hidden name.
        shutil.rmtree(self.base_dir / f".{self.name}.initialising", ignore_errors=True)
        return existed

    def _owner(self) -> str | None:
        """The OS user owning the data directory, for a cluster without a record."""
        try:
            return pwd.getpwuid(self.data_dir.stat().st_uid).pw_name
        except (OSError, KeyError):
            return None

    def status(self) -> dict:
        running = self.is_running()
        rec = self.record()
        pid = None
        if running:
            try:
                pid = int((self.data_dir / "postmaster.pid").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pid = None
        return {
            "cluster": self.name,
            "initialised": self.is_initialised(),
            "running": running,
            "pid": pid,
            "port": self.port,
            "data_dir": str(self.data_dir),
            "log_file": str(self.log_file),
            "os_user": rec["os_user"] if rec else self._owner(),
            "url": self.url() if rec else None,
        }


def _env_port(var: str, default: int) -> int:
    value = os.environ.get(var)
    if not value:
        return default
    if not value.isdigit() or not 1024 <= int(value) <= 65535:
        raise StockdbError(f"{var}={value!r} is not a port number between 1024 and 65535")
    return int(value)
