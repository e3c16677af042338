"""Small helpers the Python tests share."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from stockdb import DEFAULT_TENANT, PROJECT_ROOT

STOCKDB = [sys.executable, "-m", "stockdb"]
__all__ = ["DEFAULT_TENANT", "STOCKDB", "copy_tree", "run_cli"]


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120):
    """Run the stockdb CLI in a subprocess, as a user would: no terminal, no input."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [*STOCKDB, *args], capture_output=True, text=True, env=full_env, timeout=timeout,
        cwd=PROJECT_ROOT, stdin=subprocess.DEVNULL, check=False,
    )


def copy_tree(dest: Path, *parts: str) -> None:
    """Copy project directories (migrations, functions, …) into a scratch root."""
    import shutil

    for part in parts:
        src = PROJECT_ROOT / part
        if src.exists():
            shutil.copytree(src, dest / part)
