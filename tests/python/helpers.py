"""Small helpers the Python tests share."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from stockdb import PROJECT_ROOT
from stockdb.cluster import pg_tool

STOCKDB = [sys.executable, "-m", "stockdb"]


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120):
    """Run the stockdb CLI in a subprocess, as a user would: no terminal, no input."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [*STOCKDB, *args], capture_output=True, text=True, env=full_env, timeout=timeout,
        cwd=PROJECT_ROOT, stdin=subprocess.DEVNULL, check=False,
    )


def schema_dump(url: str) -> str:
    """pg_dump --schema-only, without the parts that differ between any two dumps."""
    out = subprocess.run(
        [pg_tool("pg_dump"), "--schema-only", "--no-owner", "--no-privileges", "-d", url],
        capture_output=True, text=True, check=True,
    ).stdout
    # \restrict carries a random key in every dump (PostgreSQL 15.14+).
    return re.sub(r"^\\(un)?restrict .*$", "", out, flags=re.M)


def copy_tree(dest: Path, *parts: str) -> None:
    """Copy project directories (migrations, functions, …) into a scratch root."""
    import shutil

    for part in parts:
        src = PROJECT_ROOT / part
        if src.exists():
            shutil.copytree(src, dest / part)
