"""`stockdb bench backup`: backup create + verify against plain pg_dump + pg_restore.

Both run on the same generated database in the same process, baseline
first: `pg_dump -Fd -j N` and `pg_restore -j N` into a new database is the
least any backup that is restored to be trusted costs. stockdb adds the
per-table checksums at dump time, the file checksums, and at verify time
the comparison and ops.check_integrity() on the restore.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

from . import backup
from .bench_reports import generate
from .cluster import pg_tool
from .db import drop_database, recreate_database, tool_connection
from .migrate import Migrator

BENCH_DB = "stockdb_bench_backup"
BASELINE_RESTORE_DB = "stockdb_bench_backup_restore"


def _run(args: list[str], conninfo: str) -> None:
    """A tool given conninfo as its --dbname (its password in the environment)."""
    conninfo, env = tool_connection(conninfo)
    ran = subprocess.run([*args, f"--dbname={conninfo}"], capture_output=True, text=True,
                         check=False, env=env)
    if ran.returncode != 0:
        raise RuntimeError(f"{Path(args[0]).name} failed: {ran.stderr.strip()[-500:]}")


def run_backup_bench(
    admin_url: str,
    products: int,
    movements: int,
    progress: Callable[[str], None] = print,
    work_dir: Path | None = None,
) -> dict:
    progress(f"creating {BENCH_DB} and migrating it")
    url = recreate_database(admin_url, BENCH_DB)
    with Migrator(url) as m:
        m.apply()
    generated = generate(url, products, movements, progress)
    with psycopg.connect(url) as conn:
        size, pretty, version = conn.execute(
            "SELECT pg_database_size(current_database()), "
            "pg_size_pretty(pg_database_size(current_database())), "
            "current_setting('server_version')"
        ).fetchone()
    root = Path(tempfile.mkdtemp(prefix="stockdb-bench-backup-", dir=work_dir))
    jobs = backup._jobs()
    try:
        progress(f"baseline: pg_dump -Fd -j {jobs} of {pretty}")
        started = time.perf_counter()
        _run(
            [
                pg_tool("pg_dump"),
                "--format=directory",
                f"--jobs={jobs}",
                f"--file={root / 'plain'}",
            ],
            url,
        )
        dumped = time.perf_counter()
        progress(f"baseline: pg_restore -j {jobs} into a new database")
        target = recreate_database(admin_url, BASELINE_RESTORE_DB)
        _run(
            [
                pg_tool("pg_restore"),
                f"--jobs={jobs}",
                "--exit-on-error",
                "--no-owner",
                str(root / "plain"),
            ],
            target,
        )
        restored = time.perf_counter()
        drop_database(admin_url, BASELINE_RESTORE_DB)
        shutil.rmtree(root / "plain")

        progress("stockdb backup create")
        ours_started = time.perf_counter()
        manifest = backup.create(url, root / "ours", progress=progress)
        created = time.perf_counter()
        progress("stockdb backup verify")
        verified = backup.verify(url, root / "ours", manifest["id"], progress=progress)
        ours_done = time.perf_counter()
    finally:
        shutil.rmtree(root, ignore_errors=True)
        drop_database(admin_url, BASELINE_RESTORE_DB)
    baseline = restored - started
    ours = ours_done - ours_started
    return {
        "benchmark": "backup",
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "server_version": version,
        "cpu_count": os.cpu_count(),
        "jobs": jobs,
        "products": products,
        "ledger_rows": movements,
        "database_bytes": size,
        "database_size": pretty,
        "generation_s": generated["timings"],
        "baseline": {
            "pg_dump_s": round(dumped - started, 2),
            "pg_restore_s": round(restored - dumped, 2),
            "total_s": round(baseline, 2),
        },
        "stockdb": {
            "create_s": round(created - ours_started, 2),
            "verify_s": round(ours_done - created, 2),
            "total_s": round(ours, 2),
            "backup_bytes": manifest["size_bytes"],
            "verified": verified["ok"],
            "problems": verified["problems"],
        },
        "ratio_to_baseline": round(ours / baseline, 2),
        "target_ratio": 1.5,
    }
