"""stockdb: an inventory engine whose business rules live in PostgreSQL."""

import os
from pathlib import Path

__version__ = "0.1.0"

# The package is installed in editable mode from a checkout, and the SQL it
# applies lives beside it there; STOCKDB_PROJECT_ROOT points at another tree.
PROJECT_ROOT = Path(
    os.environ.get("STOCKDB_PROJECT_ROOT") or Path(__file__).resolve().parents[2]
).resolve()
