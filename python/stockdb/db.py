"""Which database the CLI talks to: DATABASE_URL, else the embedded cluster."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.types.datetime import DateLoader, TimestampLoader, TimestamptzLoader

from .cluster import MAIN_DATABASE, Cluster
from .errors import StockdbError


def _shown_as_stored(loader: type) -> type:
    """loader, but a value Python's datetime cannot hold (before year 1 or after 9999, or
    infinity) comes as PostgreSQL's text: one such date in a table made every report,
    export and JSON of it fail with 'date too large (after year 10K)'."""

    class Shown(loader):
        def load(self, data):
            try:
                return super().load(data)
            except psycopg.DataError:
                return bytes(data).decode()

    Shown.__name__ = f"Shown{loader.__name__}"
    return Shown


# The defaults every connection the CLI makes starts from (text format: what it reads).
for _type, _loader in (("date", DateLoader), ("timestamp", TimestampLoader),
                       ("timestamptz", TimestamptzLoader)):
    psycopg.adapters.register_loader(_type, _shown_as_stored(_loader))


# What the CLI's connections read and write in, whatever an operator's PGOPTIONS
# or ALTER DATABASE/ROLE ... SET chose: psycopg reads dates and times only in
# the ISO DateStyle and intervals only in the postgres IntervalStyle (with
# DateStyle 'SQL, DMY' every listing ended in a NotImplementedError traceback),
# and the migrations' and the CLI's literals hold backslashes, which
# standard_conforming_strings off reads as escapes (a CHECK of 0002 would hold
# another pattern). Nor do its sessions end on the timeouts a database sets
# for its applications (pg_dump sets statement_timeout and the idle in
# transaction one to 0 as well): with an
# idle_in_transaction_session_timeout of 300 ms there, an import ended in
# 25P03, and a backup lost the snapshot pg_dump was to read. And yoyo's
# tables are found where PostgreSQL's default search_path puts them: with
# another set for the database, migrate and check failed on relation
# "yoyo_lock". A startup option beats a database's or a role's setting, and
# a later option an earlier one. main() puts them in PGOPTIONS, which pg_dump
# and pg_restore read too; a DATABASE_URL giving options of its own gets
# them after its own.
SESSION_OPTIONS = ("-c DateStyle=ISO,MDY -c IntervalStyle=postgres"
                   " -c standard_conforming_strings=on -c statement_timeout=0"
                   " -c idle_in_transaction_session_timeout=0 -c idle_session_timeout=0"
                   ' -c search_path="$user",public')


def with_session_options(options: str) -> str:
    """A libpq options string with SESSION_OPTIONS after it, once."""
    if options.endswith(SESSION_OPTIONS):
        return options
    return f"{options} {SESSION_OPTIONS}".strip()


def session_conninfo(conninfo: str) -> str:
    """conninfo with its options, else PGOPTIONS's, followed by SESSION_OPTIONS, in
    UTF8 (as main() sets PGCLIENTENCODING: the CLI's text is Unicode)."""
    given = conninfo_to_dict(conninfo).get("options") or os.environ.get("PGOPTIONS", "")
    return make_conninfo(conninfo, options=with_session_options(str(given)),
                         client_encoding="UTF8")


def tool_connection(conninfo: str, environ: dict[str, str] | None = None
                    ) -> tuple[str, dict[str, str]]:
    """conninfo for a PostgreSQL tool's command line (pg_dump, pg_restore,
    pg_basebackup, pgbench, psql), and the environment to run it in: environ, or
    ours, with the password in PGPASSWORD. A command line is any local user's to read (ps,
    /proc/PID/cmdline) for as long as the tool runs, an hour's pg_dump say, and
    the URL carried the password there; a process's environment is its own
    user's only."""
    params = conninfo_to_dict(conninfo)
    password = params.pop("password", None)
    env = dict(os.environ if environ is None else environ)
    if password is not None:
        env["PGPASSWORD"] = password
    return make_conninfo("", **params), env


def database_url(dbname: str | None = None) -> str:
    """The conninfo to use; starts the embedded cluster when DATABASE_URL is unset."""
    url = os.environ.get("DATABASE_URL")
    if url:
        try:
            given = conninfo_to_dict(url)
        except psycopg.ProgrammingError as exc:
            # libpq's text ends in a newline: it left a blank line after the error,
            # and a "\n" in the JSON one.
            raise StockdbError(
                f"DATABASE_URL is not a valid PostgreSQL URL: {str(exc).strip()}") from None
        if given.get("options"):  # PGOPTIONS, and so SESSION_OPTIONS, would not be read
            url = session_conninfo(url)
        return with_dbname(url, dbname) if dbname else url
    cluster = Cluster.main()
    if cluster.start():
        print(f"started the embedded cluster on port {cluster.port}", file=sys.stderr)
    return cluster.url(dbname or MAIN_DATABASE)


def with_dbname(conninfo: str, dbname: str) -> str:
    return make_conninfo(conninfo, dbname=dbname)


def recreate_database(admin_conninfo: str, name: str) -> str:
    """Drop `name` if it exists, create it empty, and return its conninfo."""
    drop_database(admin_conninfo, name)
    with psycopg.connect(admin_conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return with_dbname(admin_conninfo, name)


def drop_database(admin_conninfo: str, name: str) -> None:
    with psycopg.connect(admin_conninfo, autocommit=True) as conn:
        statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(statement.format(sql.Identifier(name)))


def connect(conninfo: str, **kwargs) -> psycopg.Connection:
    """A connection in the CLI's session settings (SESSION_OPTIONS), also when
    called from outside main(), which puts them in PGOPTIONS."""
    try:
        return psycopg.connect(session_conninfo(conninfo), connect_timeout=10, **kwargs)
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StockdbError(f"cannot connect to PostgreSQL: {first}") from None


@contextmanager
def alone(admin_conninfo: str, key: int, refusal: str) -> Iterator[None]:
    """Holds a session advisory lock for the block, or stops at once with
    refusal: for runs that drop and make their database again, which a second
    one at the same time would drop under the first."""
    with connect(admin_conninfo, autocommit=True) as conn:
        if not conn.execute("SELECT pg_try_advisory_lock(%s)", [key]).fetchone()[0]:
            raise StockdbError(refusal)
        yield


def local_data_directory(conn: psycopg.Connection) -> Path | None:
    """The data directory of conn's server when that server runs on this machine and we
    may read its postmaster.pid (the embedded cluster, or another local one as root):
    this backend's parent process is the postmaster it names. Else None: a remote
    server's disk cannot be seen from here, and a local path of the same name may be
    another cluster's."""
    try:
        data = Path(conn.execute("SHOW data_directory").fetchone()[0])
        postmaster = int((data / "postmaster.pid").read_text().split()[0])
        status = Path(f"/proc/{conn.info.backend_pid}/status").read_text()
    except (psycopg.errors.InsufficientPrivilege, OSError, ValueError, IndexError):
        return None
    parent = re.search(r"^PPid:\s*(\d+)", status, flags=re.M)
    return data if parent and int(parent[1]) == postmaster else None
