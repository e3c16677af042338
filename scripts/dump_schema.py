"""Regenerate schema/schema.sql from a database migrated from scratch (`make schema`)."""

from __future__ import annotations

import os

from stockdb.cluster import Cluster
from stockdb.db import drop_database, recreate_database
from stockdb.migrate import Migrator
from stockdb.schema import SNAPSHOT, schema_dump


def admin_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    cluster = Cluster.test()
    cluster.start()
    return cluster.url("postgres")


admin = admin_url()
name = f"stockdb_schema_{os.getpid()}"
url = recreate_database(admin, name)
try:
    with Migrator(url) as m:
        m.apply()
    SNAPSHOT.parent.mkdir(exist_ok=True)
    SNAPSHOT.write_text(schema_dump(url, owners=False))
    print(f"wrote {SNAPSHOT}")
finally:
    drop_database(admin, name)
