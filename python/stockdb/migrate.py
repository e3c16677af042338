"""Migrations: yoyo files in migrations/, then the repeatable SQL files.

One run is one transaction on one connection: pending migrations in yoyo's
dependency order, then every repeatable file whose checksum changed or one of
whose routines or views is gone (dropped by hand), in the order of
REPEATABLE_GROUPS. A session advisory lock makes a second concurrent
run wait for the first, then find nothing left to do. A failing statement rolls
the whole run back and is reported by file and line.

yoyo reads the migration files, orders them and keeps its own bookkeeping
tables; the statements themselves are executed here, on the one connection,
because yoyo's own apply runs each migration on a connection of its own.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import sqlparse
from yoyo import read_migrations
from yoyo.backends.core.postgresql import PostgresqlPsycopgBackend
from yoyo.connections import parse_uri
from yoyo.migrations import Migration

from . import PROJECT_ROOT
from .db import connect, session_conninfo
from .errors import StockdbError

# The order repeatable files are applied in; within a group, by path.
REPEATABLE_GROUPS: list[tuple[str, str]] = [
    ("types", "sql/types/**/*.sql"),
    ("helpers", "sql/helpers/**/*.sql"),
    ("functions", "functions/**/*.sql"),
    ("triggers", "triggers/**/*.sql"),
    ("reference data", "sql/reference/**/*.sql"),
    ("views", "sql/views/**/*.sql"),
    ("roles", "sql/roles.sql"),
    ("policies", "sql/policies/**/*.sql"),
    ("cron", "sql/cron.sql"),
]

# Derived from the catalogue (ownership, grants, row security on every table
# with tenant_id): run again whenever anything before them was applied, so a
# new table or function is covered in the same transaction that made it.
CATALOG_DERIVED = ("sql/roles.sql", "sql/policies/")

# A run that times out on a lock is tried again this many times in all.
MIGRATE_ATTEMPTS = 5


def migrate_lock_timeout() -> str:
    """How long each statement of a run may wait for a lock (STOCKDB_MIGRATE_LOCK_TIMEOUT)."""
    value = os.environ.get("STOCKDB_MIGRATE_LOCK_TIMEOUT", "2s").strip()
    if not re.fullmatch(r"[0-9]+(ms|s|min)?", value):
        raise StockdbError(
            f"STOCKDB_MIGRATE_LOCK_TIMEOUT={value!r}: give a duration such as 2s, 500ms or 1min"
        )
    return value


# Any constant will do, as long as nothing else in the database takes it.
MIGRATE_LOCK_KEY = 0x5350_4B44_4D49_47  # "SPKDMIG"

Progress = Callable[[str], None]


class MigrationError(StockdbError):
    """A statement failed; carries the file and line it came from."""

    def __init__(self, path: str, line: int | None, exc: psycopg.Error):
        diag = exc.diag
        message = (diag.message_primary or str(exc)).strip()
        parts = [f"{path}:{line}: {message}" if line else f"{path}: {message}"]
        if diag.sqlstate:
            parts[0] += f" [{diag.sqlstate}]"
        if diag.message_detail:
            parts.append(f"DETAIL: {diag.message_detail}")
        if diag.message_hint:
            parts.append(f"HINT: {diag.message_hint}")
        if diag.context and "PL/pgSQL" in diag.context:
            parts.append(f"CONTEXT: {diag.context.strip().splitlines()[0]}")
        super().__init__("\n  ".join(parts))
        self.path, self.line, self.sqlstate = path, line, diag.sqlstate


@dataclass
class Plan:
    """What a run did, or (dry run) would do."""

    migrations: list[str] = field(default_factory=list)
    repeatables: list[str] = field(default_factory=list)
    rolled_back: list[str] = field(default_factory=list)
    # What the SQL said with RAISE WARNING: data a migration had to bend.
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "migrations": self.migrations,
            "repeatables": self.repeatables,
            "rolled_back": self.rolled_back,
            "warnings": self.warnings,
        }


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def relative(path: Path, root: Path = PROJECT_ROOT) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def rollback_file(migration: Path) -> Path:
    return migration.with_name(migration.stem + ".rollback.sql")


def checkout_migration_ids(root: Path = PROJECT_ROOT) -> list[str]:
    """The ids of the checkout's migrations (yoyo's: the file's name without .sql)."""
    return sorted(p.name.removesuffix(".sql") for p in (root / "migrations").glob("*.sql")
                  if not p.name.endswith(".rollback.sql"))


def _listed(ids: list[str]) -> tuple[str, str]:
    """How many migrations, and the first three of them: '2 migration(s) … (a, b)'."""
    return f"{len(ids)} migration(s)", f"({', '.join(ids[:3])}{', …' if len(ids) > 3 else ''})"


def require_schema(conninfo: str, root: Path = PROJECT_ROOT) -> str | None:
    """Raises unless the database has every migration of the checkout, which the
    CLI's commands read and write through: before them a command ended in the
    SQL it met ('relation "auth.tenant" does not exist'). Returns a warning
    when a newer stockdb migrated it (migrations the checkout does not have)."""
    with connect(conninfo) as conn:
        name = conn.info.dbname
        table = conn.execute("SELECT to_regclass('_yoyo_migration')").fetchone()[0]
        applied = set()
        if table is not None:
            # The analyst's and the maintenance role may not read the
            # bookkeeping: they cannot migrate either, and are not asked.
            if not conn.execute("SELECT has_table_privilege(%s::regclass, 'SELECT')",
                                [table]).fetchone()[0]:
                return None
            applied = {row[0] for row in conn.execute(
                "SELECT migration_id FROM _yoyo_migration").fetchall()}
    checkout = checkout_migration_ids(root)
    if not applied & set(checkout):
        raise StockdbError(f"database {name} has none of stockdb's migrations: "
                           "run stockdb migrate against it first")
    pending = [m for m in checkout if m not in applied]
    if pending:
        count, which = _listed(pending)
        raise StockdbError(f"database {name} lacks {count} of this stockdb {which}: run stockdb "
                           "migrate against it first, or use the stockdb that migrated it")
    unknown = sorted(applied - set(checkout))
    if unknown:
        count, which = _listed(unknown)
        return (f"database {name} was migrated by a newer stockdb: {count} this checkout does "
                f"not have {which}; its commands know that schema")
    return None


def repeatable_files(root: Path = PROJECT_ROOT) -> list[Path]:
    files: list[Path] = []
    for _, pattern in REPEATABLE_GROUPS:
        files.extend(p for p in sorted(root.glob(pattern)) if p.is_file())
    return files


# What a repeatable file makes that the catalogue can be asked for by name:
# its routines and views, each written CREATE OR REPLACE with its schema.
DECLARED = re.compile(
    r"^\s*CREATE\s+OR\s+REPLACE\s+(FUNCTION|PROCEDURE|VIEW)\s+([a-z_]\w*\.[a-z_]\w*)",
    re.IGNORECASE | re.MULTILINE,
)


def declared_objects(path: Path) -> list[tuple[str, str]]:
    """(kind, schema.name) of each routine and view a repeatable file creates."""
    return [(kind.upper(), name.lower()) for kind, name in DECLARED.findall(path.read_text())]


def split_statements(text: str) -> Iterator[tuple[str, int]]:
    """Each statement of a SQL file with the 1-based line it starts on."""
    offset = 0
    for stmt in sqlparse.split(text):
        if not stmt.strip():
            continue
        pos = text.find(stmt, offset)
        if pos < 0:  # sqlparse normalised something; fall back to the last known place
            pos = offset
        offset = pos + len(stmt)
        body = sqlparse.format(stmt, strip_comments=True).strip()
        if body and body != ";":
            yield stmt, text.count("\n", 0, pos) + 1


# A lock or statement timeout: the file is not run again to find the
# statement, which would wait as long again, holding the locks its earlier
# statements took. Such a run changed nothing and is tried again (55P03).
WAITED_TOO_LONG = {"55P03", "57014"}


def _line_at(text: str, start_line: int, exc: psycopg.Error) -> int:
    """The line the error's position points at, counted from start_line (the text's first)."""
    position = exc.diag.statement_position
    if position and position.isdigit():
        return start_line + text.count("\n", 0, int(position) - 1)
    return start_line


def _failing_statement_line(conn: psycopg.Connection, text: str) -> int | None:
    """Run the file again statement by statement, under a savepoint rolled back
    whatever happens, to find the line of the statement that fails."""
    if conn.broken:
        return None
    found = None
    try:
        with conn.transaction() as tx:
            for stmt, line in split_statements(text):
                try:
                    conn.execute(stmt)
                except psycopg.Error as exc:
                    found = _line_at(stmt, line, exc)
                    break
            raise psycopg.Rollback(tx)
    except psycopg.Error:
        pass  # the savepoint itself failed: the file is named without a line
    return found


def run_sql_file(conn: psycopg.Connection, path: Path, label: str | None = None) -> None:
    """Run a SQL file; errors name `label` (default: the path) and the line.

    The file goes to the server whole, in one round trip: the simple query
    protocol runs its statements in order, in the caller's transaction.
    Splitting every file into statements with sqlparse first took three
    quarters of a fresh migrate's time (22.7 of 30.6 s profiled). The file runs
    under a savepoint, so that when an error carries no position (one raised
    while a statement runs), the file can be run again statement by statement
    to find the one that fails, and rolled back; after a timeout it is named
    without a line."""
    text = path.read_text(encoding="utf-8")
    try:
        with conn.transaction():
            conn.execute(text)
    except psycopg.Error as exc:
        if exc.diag.statement_position:
            line = _line_at(text, 1, exc)
        elif exc.sqlstate in WAITED_TOO_LONG:
            line = None
        else:
            line = _failing_statement_line(conn, text)
        raise MigrationError(label or relative(path), line, exc) from exc


class _Backend(PostgresqlPsycopgBackend):
    """yoyo's PostgreSQL backend on a connection string we already resolved."""

    def __init__(self, conninfo: str):
        self._conninfo = conninfo
        super().__init__(parse_uri("postgresql+psycopg:///stockdb"), "_yoyo_migration")

    def connect(self, dburi):
        try:
            # Migrations' literals and CHECKs read as written whatever the
            # session's settings are, however the Migrator is started.
            return psycopg.connect(session_conninfo(self._conninfo), autocommit=True,
                                   connect_timeout=10)
        except psycopg.OperationalError as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise StockdbError(f"cannot connect to PostgreSQL: {first}") from None

    def get_log_data(self, migration=None, operation="apply"):
        data = super().get_log_data(migration, operation)
        # yoyo asks for the FQDN, which means a DNS lookup that can hang offline.
        data["hostname"] = socket.gethostname()
        return data


class Migrator:
    def __init__(self, conninfo: str, root: Path = PROJECT_ROOT, progress: Progress | None = None):
        self.root = root
        self.progress = progress or (lambda _msg: None)
        self.backend = _Backend(conninfo)
        self.conn: psycopg.Connection = self.backend.connection
        self.warnings: list[str] = []
        self.conn.add_notice_handler(self._notice)

    def _notice(self, diag: psycopg.errors.Diagnostic) -> None:
        if diag.severity_nonlocalized == "WARNING":
            self.warnings.append(diag.message_primary or "")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Migrator:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading ----------------------------------------------------------

    def migrations(self):
        migrations = read_migrations(str(self.root / "migrations"))
        for m in migrations:
            rollback = rollback_file(Path(m.path))
            if not rollback.exists():
                raise StockdbError(
                    f"{self._rel(Path(m.path))} has no rollback file {rollback.name}"
                )
        return migrations

    def _recorded(self, table: str, key: str) -> dict[str, str]:
        exists = self.conn.execute("SELECT to_regclass(%s) IS NOT NULL", [table]).fetchone()
        if not exists or not exists[0]:
            return {}
        rows = self.conn.execute(f"SELECT {key}, checksum FROM {table}").fetchall()  # noqa: S608
        return dict(rows)

    def status(self) -> dict:
        self._prepare()
        applied = set(self.backend.get_applied_migration_hashes())
        recorded = self._recorded("ops.migration_file", "migration_id")
        migrations = []
        checkout = self.migrations()
        for m in checkout:
            state = "applied" if m.hash in applied else "pending"
            if state == "applied" and m.id in recorded and recorded[m.id] != checksum(Path(m.path)):
                state = "applied, file changed since"
            migrations.append({"id": m.id, "state": state})
        unknown = self._unknown_applied(checkout)
        done = self._recorded("ops.repeatable_file", "path")
        dropped = self._dropped(repeatable_files(self.root))
        repeatables = []
        for path in repeatable_files(self.root):
            rel = self._rel(path)
            entry = {"path": rel}
            if rel not in done:
                entry["state"] = "new"
            elif done[rel] != checksum(path):
                entry["state"] = "changed"
            elif rel in dropped:
                entry.update(state="dropped", dropped=dropped[rel])
            else:
                entry["state"] = "current"
            repeatables.append(entry)
        return {"migrations": migrations, "repeatables": repeatables, "unknown_applied": unknown}

    def _unknown_applied(self, checkout) -> list[str]:
        """The applied migrations this checkout does not have: a newer one ran them."""
        return sorted(
            row[0] for row in self.conn.execute(
                f"SELECT migration_id FROM {self.backend.migration_table_quoted} "  # noqa: S608
                "WHERE NOT migration_hash = ANY(%s)", [[m.hash for m in checkout]]
            ).fetchall()
        )

    def _require_not_newer(self, checkout) -> None:
        """Nothing is applied or rolled back in a database a newer checkout
        migrated: this one's repeatable files were written for the schema
        before (an application's deploy rolled back to the release before
        wrote them over the newer ones), and its rollback would undo a
        migration that the newer ones build on."""
        unknown = self._unknown_applied(checkout)
        if unknown:
            count, which = _listed(unknown)
            raise StockdbError(
                f"database {self.conn.info.dbname} was migrated by a newer stockdb: {count} this "
                f"checkout does not have {which}; nothing was changed: run that stockdb's "
                "migrate, or this one from a checkout that has them")

    def _dropped(self, paths: list[Path]) -> dict[str, list[str]]:
        """The routines and views each repeatable file makes that the database
        lacks (dropped by hand since): the file's checksum alone cannot tell."""
        declared = {self._rel(path): declared_objects(path) for path in paths}
        routines = sorted({n for objs in declared.values() for kind, n in objs if kind != "VIEW"})
        views = sorted({n for objs in declared.values() for kind, n in objs if kind == "VIEW"})
        present = {row[0] for row in self.conn.execute(
            "SELECT n.nspname || '.' || p.proname FROM pg_catalog.pg_proc AS p "
            "JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace "
            "WHERE n.nspname || '.' || p.proname = ANY(%s) "
            "UNION SELECT v FROM unnest(%s::text[]) AS v WHERE to_regclass(v) IS NOT NULL",
            [routines, views],
        ).fetchall()}
        return {rel: missing for rel, objs in declared.items()
                if (missing := sorted({n for _, n in objs if n not in present}))}

    # -- applying ---------------------------------------------------------

    def _require_utf8(self) -> None:
        """The database holds UTF-8, else nothing is applied. In SQL_ASCII a
        SKU of 'Café' was refused (its bytes are no [[:graph:]]), and the
        refusal failed in turn quoting it (no conversion from UTF8); in LATIN1
        the migrations stopped at 0003 on a character LATIN1 lacks."""
        encoding = self.conn.execute("SHOW server_encoding").fetchone()[0]
        if encoding != "UTF8":
            name = self.conn.info.dbname
            raise StockdbError(
                f"database {name} is encoded in {encoding}, and stockdb needs UTF8: make it with "
                f"CREATE DATABASE {name} ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0")

    def _read_only_reason(self) -> str | None:
        """Why this connection's transactions cannot write, or None when they can."""
        read_only, standby, source = self.conn.execute(
            "SELECT pg_catalog.current_setting('transaction_read_only')::boolean,"
            " pg_catalog.pg_is_in_recovery(),"
            " (SELECT s.source FROM pg_catalog.pg_settings AS s"
            "  WHERE s.name = 'default_transaction_read_only')"
        ).fetchone()
        if standby:
            return f"the server of database {self.conn.info.dbname} is a standby (in recovery)"
        if not read_only:
            return None
        name, role = self.conn.info.dbname, self.conn.info.user
        where = {
            "database": f"set by ALTER DATABASE {name} SET",
            "user": f"set by ALTER ROLE {role} SET",
            "database user": f"set by ALTER ROLE {role} IN DATABASE {name} SET",
            "client": "set in PGOPTIONS or the URL's options",
            "configuration file": "set in the server's configuration",
        }.get(source, f"set by {source}")
        return (f"database {name} starts its transactions read-only"
                f" (default_transaction_read_only is on, {where})")

    def _require_writable(self) -> None:
        """The run may write, else nothing is applied: yoyo hid the read-only
        transaction's refusal behind 'relation "yoyo_lock" does not exist'."""
        reason = self._read_only_reason()
        if reason:
            raise StockdbError(f"{reason}, and migrations write: nothing was changed")

    def _prepare(self) -> None:
        try:
            self.backend.init_database()
            self.backend.ensure_internal_schema_updated()
        except psycopg.Error as exc:
            try:
                why = self._read_only_reason()
            except psycopg.Error:  # the connection is gone: its own error says so
                why = None
            raise StockdbError("cannot set up yoyo's bookkeeping tables: "
                               f"{why or exc.diag.message_primary or exc}") from exc

    def _lock(self) -> None:
        got = self.conn.execute("SELECT pg_try_advisory_lock(%s)", [MIGRATE_LOCK_KEY]).fetchone()
        if not got or not got[0]:
            self.progress("another migrate is running: waiting for it to finish")
            self.conn.execute("SELECT pg_advisory_lock(%s)", [MIGRATE_LOCK_KEY])

    def _unlock(self) -> None:
        if not self.conn.closed and self.conn.info.transaction_status == 0:
            # SQL run by a migration may set search_path for the session
            # (pg_partman's create_parent does); yoyo's queries need the default.
            self.conn.execute("RESET search_path")
            self.conn.execute("SELECT pg_advisory_unlock(%s)", [MIGRATE_LOCK_KEY])

    def _rel(self, path: Path) -> str:
        return relative(path, self.root)

    def _run_file(self, path: Path) -> None:
        # Migrations and repeatable files name every schema they touch.
        self.conn.execute("SELECT set_config('search_path', 'pg_catalog', true)")
        run_sql_file(self.conn, path, self._rel(path))
        self.conn.execute("SELECT set_config('search_path', 'public', true)")

    def apply(
        self, dry_run: bool = False, target: str | None = None, repeatables: bool = True
    ) -> Plan:
        """Apply pending migrations (up to `target` if given) and changed repeatables.

        `repeatables=False` stops after the migrations: the repeatable files
        describe the newest schema, so they cannot follow an older target.
        A run that waited too long for a lock (55P03) changed nothing and is
        tried again, up to MIGRATE_ATTEMPTS times.
        """
        self._lock()
        try:
            self._require_utf8()
            self._require_writable()
            self._prepare()
            all_migrations = self.migrations()
            self._require_not_newer(all_migrations)
            if target is not None and target not in {m.id for m in all_migrations}:
                raise StockdbError(f"no migration named {target!r} in migrations/")
            attempt = 1
            while True:
                try:
                    return self._apply_once(all_migrations, dry_run, target, repeatables)
                except MigrationError as exc:
                    if exc.sqlstate != "55P03" or attempt == MIGRATE_ATTEMPTS:
                        raise
                    pause = 2 ** (attempt - 1)
                    attempt += 1
                    self.progress(
                        f"{exc.path}: waited too long for a lock; "
                        f"nothing was changed, trying again in {pause} s "
                        f"(attempt {attempt} of {MIGRATE_ATTEMPTS})"
                    )
                    time.sleep(pause)
        finally:
            self._unlock()

    def _apply_once(
        self, all_migrations, dry_run: bool, target: str | None, repeatables: bool
    ) -> Plan:
        # A fresh list per attempt: a retried run's warnings are its own.
        self.warnings = []
        plan = Plan(warnings=self.warnings)
        with self.backend.transaction(rollback_on_exit=dry_run):
            self.conn.execute("SET LOCAL check_function_bodies = off")
            self._limit_lock_waits()
            for m in self.backend.to_apply(all_migrations):
                self._apply_migration(m)
                # A migration sets its own lock_timeout for the rest of the
                # transaction: what follows gets the runner's again.
                self._limit_lock_waits()
                plan.migrations.append(m.id)
                if m.id == target:
                    break
            done = self._recorded("ops.repeatable_file", "path")
            dropped = self._dropped(repeatable_files(self.root)) if repeatables else {}
            for path in repeatable_files(self.root) if repeatables else []:
                rel, digest = self._rel(path), checksum(path)
                changed = bool(plan.migrations or plan.repeatables)
                rerun = changed and rel.startswith(CATALOG_DERIVED)
                if done.get(rel) == digest and not rerun and rel not in dropped:
                    continue
                self.progress(f"applying {rel}")
                self._run_file(path)
                self.conn.execute(
                    """INSERT INTO ops.repeatable_file (path, checksum) VALUES (%s, %s)
                       ON CONFLICT (path) DO UPDATE
                       SET checksum = excluded.checksum, applied_at = now()""",
                    [rel, digest],
                )
                plan.repeatables.append(rel)
        return plan

    def _limit_lock_waits(self) -> None:
        self.conn.execute("SELECT set_config('lock_timeout', %s, true)", [migrate_lock_timeout()])

    def _apply_migration(self, m: Migration) -> None:
        path = Path(m.path)
        self.progress(f"applying {self._rel(path)}")
        self._run_file(path)
        self.backend.mark_one(m, log=False)
        self.backend.log_migration(m, "apply")
        self.conn.execute(
            """INSERT INTO ops.migration_file (migration_id, checksum) VALUES (%s, %s)
               ON CONFLICT (migration_id) DO UPDATE
               SET checksum = excluded.checksum, applied_at = now()""",
            [m.id, checksum(path)],
        )

    def _drop_repeatable_views(self) -> None:
        """Views (from sql/views) read columns a rollback may drop: drop them first.

        The rollback forgets every repeatable file, so the next migrate makes
        them again. Materialised views are migrations' own and stay.
        """
        views = self.conn.execute(
            """SELECT format('%I.%I', n.nspname, c.relname)
               FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
               WHERE c.relkind = 'v'
                 AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'public',
                                       'partman', 'cron')
                 AND n.nspname NOT LIKE 'pg\\_%'
                 AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                                 WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                   AND d.deptype = 'e')"""
        ).fetchall()
        for (name,) in views:
            self.conn.execute(f"DROP VIEW IF EXISTS {name} CASCADE")

    def rollback(self, steps: int = 1, dry_run: bool = False,
                 confirm: Callable[[list[str]], bool] | None = None) -> Plan:
        """Roll back the last `steps` applied migrations (all of them when steps is 0).

        confirm, when given, is asked with the ids about to be rolled back, under
        the migrate lock; unless it says yes nothing is rolled back."""
        if steps < 0:
            raise StockdbError("--steps must be 0 (all) or a positive number")
        plan = Plan()
        self._lock()
        try:
            self._require_writable()
            self._prepare()
            self._require_not_newer(self.migrations())
            with self.backend.transaction(rollback_on_exit=dry_run):
                to_rollback = list(self.backend.to_rollback(self.migrations()))
                if steps:
                    to_rollback = to_rollback[:steps]
                if to_rollback and confirm and not confirm([m.id for m in to_rollback]):
                    raise StockdbError("not confirmed; nothing rolled back "
                                       "(use --yes to skip the question)")
                if to_rollback:
                    self._drop_repeatable_views()
                for m in to_rollback:
                    self.progress(f"rolling back {self._rel(Path(m.path))}")
                    self._run_file(rollback_file(Path(m.path)))
                    self.backend.unmark_one(m, log=False)
                    self.backend.log_migration(m, "rollback")
                    if self._recorded("ops.migration_file", "migration_id"):
                        self.conn.execute(
                            "DELETE FROM ops.migration_file WHERE migration_id = %s", [m.id]
                        )
                    plan.rolled_back.append(m.id)
                # A rollback may have dropped objects a repeatable file made:
                # forget them all, so the next migrate applies every file again.
                exists = self.conn.execute("SELECT to_regclass('ops.repeatable_file')").fetchone()
                if exists and exists[0]:
                    self.conn.execute("DELETE FROM ops.repeatable_file")
        finally:
            self._unlock()
        return plan
