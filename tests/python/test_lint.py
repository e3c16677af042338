"""Linters as tests, so a finding fails the run like any other test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from stockdb import PROJECT_ROOT

BIN = Path(sys.executable).parent
SQL_DIRS = ["migrations", "functions", "triggers", "sql", "tests/sql", "tests/support", "bench"]


def sql_files() -> list[str]:
    files: list[str] = []
    for d in SQL_DIRS:
        files += sorted(str(p.relative_to(PROJECT_ROOT)) for p in (PROJECT_ROOT / d).rglob("*.sql"))
    return files


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=600)


def test_sqlfluff_finds_nothing_in_any_sql_file():
    files = sql_files()
    assert files, "no SQL files found"
    result = run(str(BIN / "sqlfluff"), "lint", "--nocolor", "--processes", "2", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_squawk_finds_nothing_in_any_migration():
    migrations = sorted(str(p) for p in (PROJECT_ROOT / "migrations").glob("*.sql"))
    assert migrations
    result = run(str(BIN / "squawk"), "--config", ".squawk.toml", *migrations)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_nothing_in_the_python():
    result = run(str(BIN / "ruff"), "check", "python", "tests", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr
