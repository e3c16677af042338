"""stockdb check: is this install fit to trust?

The verdicts are ops.check_health()'s, in the database. This module adds the
check only the checkout can make (are its migrations and repeatable files the
ones applied?) and the one only this machine can (how full the server's disks
are, when it runs here), and, unless asked not to, runs ops.check_integrity()
first so that the integrity verdict is about the data as it is now.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable

import psycopg

from .db import connect, local_data_directory
from .errors import StockdbError
from .files import shown_path
from .migrate import Migrator

STATUSES = ("ok", "warning", "failed")


def _schema_check(url: str) -> dict:
    try:
        with Migrator(url) as m:
            status = m.status()
    except (StockdbError, psycopg.errors.InsufficientPrivilege) as exc:
        denied = exc if isinstance(exc, psycopg.Error) else exc.__cause__
        if not isinstance(denied, psycopg.errors.InsufficientPrivilege):
            raise
        # A monitor's role may run the other checks without yoyo's tables.
        return {"check_name": "schema", "status": "warning",
                "detail": f"cannot read the migration records: {exc}",
                "hint": "Run stockdb check as the role stockdb migrate runs as."}
    pending = [mig["id"] for mig in status["migrations"] if mig["state"] == "pending"]
    edited = [mig["id"] for mig in status["migrations"] if mig["state"].startswith("applied, ")]
    stale = [r["path"] for r in status["repeatables"] if r["state"] != "current"]
    applied = len(status["migrations"]) - len(pending)
    check = {"check_name": "schema", "status": "ok",
             "detail": f"{applied} migration(s) applied, {len(status['repeatables'])} "
                       "repeatable file(s) current",
             "hint": None}
    if pending or stale:
        parts = []
        if pending:
            parts.append(f"{len(pending)} migration(s) pending ({pending[0]}"
                         + (f" … {pending[-1]})" if len(pending) > 1 else ")"))
        if stale:
            parts.append(f"{len(stale)} repeatable file(s) new, changed or with a routine or "
                         f"view dropped ({stale[0]}" + (", …)" if len(stale) > 1 else ")"))
        check.update(status="failed", detail="; ".join(parts), hint="stockdb migrate")
    elif status["unknown_applied"]:
        unknown = status["unknown_applied"]
        check.update(status="warning",
                     detail=f"{len(unknown)} applied migration(s) this checkout does not have: "
                            + ", ".join(unknown),
                     hint="The database was migrated by a newer stockdb: run that one's check.")
    elif edited:
        check.update(status="warning",
                     detail=f"applied migration(s) changed on disk since: {', '.join(edited)}",
                     hint="Migrations are immutable once applied: restore the files from git.")
    return check


# Below these a disk is a warning, then a failure: a server that cannot write its
# WAL stops (PANIC), and starts again only once there is room.
DISK_WARNING_SHARE = 0.10
DISK_FAILED_SHARE = 0.02
DISK_FAILED_BYTES = 256 * 2**20


def _disk_check(conn: psycopg.Connection) -> dict:
    """The free space of the disks the server writes to (its data directory, and pg_wal
    where that is another disk), when the server runs on this machine: the only
    check no SQL can make, since PostgreSQL tells no one how full its disk is."""
    check = {"check_name": "disk", "status": "ok", "hint": None}
    data = local_data_directory(conn)
    if data is None:
        check["detail"] = ("not checked: the server's data directory cannot be seen from here "
                           "(a server on another machine, or a role that may not read it)")
        return check
    places = {"data directory": data}
    wal = (data / "pg_wal").resolve()
    try:
        if wal.stat().st_dev != data.stat().st_dev:
            places["pg_wal"] = wal
    except OSError:
        pass  # a pg_wal link into a directory we may not enter: its disk is not seen
    found = []
    for what, path in places.items():
        usage = shutil.disk_usage(path)
        share = usage.free / usage.total if usage.total else 0.0
        found.append(f"{what} {shown_path(path)}: {usage.free / 2**30:.1f} GiB free "
                     f"({share:.0%} of {usage.total / 2**30:.1f} GiB)")
        if share < DISK_FAILED_SHARE or usage.free < DISK_FAILED_BYTES:
            check["status"] = "failed"
        elif share < DISK_WARNING_SHARE and check["status"] == "ok":
            check["status"] = "warning"
    check["detail"] = "; ".join(found)
    if check["status"] != "ok":
        check["hint"] = ("Free room on that disk or move to a larger one: a server that cannot "
                         "write its WAL stops, and starts again only once there is room.")
    return check


def run_checks(url: str, run_integrity: bool = True,
               progress: Callable[[str], None] | None = None) -> dict:
    """Every check's row (check_name, status, detail, hint) and whether none failed."""
    say = progress or (lambda _message: None)
    checks = [_schema_check(url)]
    with connect(url, autocommit=True) as conn:
        checks.append(_disk_check(conn))
        if conn.execute("SELECT to_regprocedure('ops.check_health()') IS NULL").fetchone()[0]:
            # Without its migrations the rest cannot be judged; with them, a lost function.
            if checks[0]["status"] != "failed":
                checks[0].update(status="failed", hint="stockdb migrate",
                                 detail="ops.check_health() is missing")
        else:
            if run_integrity:
                say("running ops.check_integrity() (reads every balance and the whole ledger)")
                conn.execute("CALL ops.check_integrity()")
            cur = conn.execute(
                "SELECT check_name, status, detail, hint FROM ops.check_health()")
            names = [c.name for c in cur.description]
            checks += [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    counts = {s: sum(1 for c in checks if c["status"] == s) for s in STATUSES}
    return {"ok": counts["failed"] == 0, "counts": counts, "integrity_run": run_integrity,
            "checks": checks}
