"""stockdb: an inventory engine whose business rules live in PostgreSQL."""

import os
from pathlib import Path

__version__ = "0.1.0"

# The package is installed in editable mode from a checkout; its embedded
# cluster belongs to that checkout.
CHECKOUT = Path(__file__).resolve().parents[2]

# The SQL `stockdb migrate` applies lives beside the package;
# STOCKDB_PROJECT_ROOT points at another tree (a release, a scratch copy).
PROJECT_ROOT = Path(os.environ.get("STOCKDB_PROJECT_ROOT") or CHECKOUT).resolve()

# The tenant migration 0001 creates: a single-company install's only one.
DEFAULT_TENANT = "00000000-0000-7000-8000-000000000001"
