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
