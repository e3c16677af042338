"""stockdb demo: what `make demo` shows today."""

from __future__ import annotations

import re

from helpers import run_cli


def test_demo_migrates_and_lists_schemas_and_extensions(empty_db):
    first = run_cli("demo", env={"DATABASE_URL": empty_db})
    assert first.returncode == 0, first.stderr
    assert re.search(r"migrated: \d+ migration\(s\)", first.stdout)
    tables = dict(re.findall(r"^  (\w+)\s+(\d+) tables", first.stdout, flags=re.M))
    assert tables["inventory"] == "5", "partitions of the ledger are not tables of their own"
    assert tables["catalog"] == "5"
    assert re.search(r"^  pg_partman\s+4\.7", first.stdout, flags=re.M)
    assert 'connect with: psql "$DATABASE_URL"' in first.stdout

    again = run_cli("demo", env={"DATABASE_URL": empty_db})
    assert again.returncode == 0, again.stderr
    assert "migrated: 0 migration(s) and 0 repeatable file(s) applied" in again.stdout
