"""The schema snapshot: `pg_dump --schema-only` of a freshly migrated database.

schema/schema.sql is kept in the repository so every change's net effect on
the schema shows in review; a test fails when it is stale (`make schema`
regenerates it).
"""

from __future__ import annotations

import re
import subprocess

from . import PROJECT_ROOT
from .cluster import pg_tool
from .db import session_conninfo, tool_connection
from .errors import StockdbError

SNAPSHOT = PROJECT_ROOT / "schema" / "schema.sql"


def schema_dump(conninfo: str, owners: bool = True) -> str:
    """pg_dump --schema-only without the lines that differ between any two dumps.

    The snapshot leaves owners out (they depend on who ran the migration) and
    the ledger's monthly partitions (their names depend on the date).
    """
    snapshot_only = [] if owners else ["--no-owner", "--exclude-table=inventory.stock_movement_p*"]
    # In UTF8, and literals written as with standard_conforming_strings on,
    # whatever the database's settings are (db.session_conninfo).
    conninfo, env = tool_connection(session_conninfo(conninfo))
    proc = subprocess.run(
        [pg_tool("pg_dump"), "--schema-only", *snapshot_only, "-d", conninfo],
        capture_output=True, text=True, encoding="utf-8", check=False, env=env,
    )
    if proc.returncode != 0:
        raise StockdbError(f"pg_dump failed: {proc.stderr.strip()}")
    out = proc.stdout
    # \restrict carries a random key in every dump (PostgreSQL 15.14+), and the
    # version lines differ between patch releases.
    out = re.sub(r"^\\(un)?restrict .*\n", "", out, flags=re.M)
    out = re.sub(r"^-- Dumped (from database|by pg_dump) version .*\n", "", out, flags=re.M)
    return out
